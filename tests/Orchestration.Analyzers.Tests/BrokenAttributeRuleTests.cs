using System.Linq;

namespace Orchestration.Analyzers.Tests;

/// <summary>
/// An attribute the compiler rejects (a wrong argument type, reported as CS1503) takes only its own declaration out of
/// the analysis; every other declaration in the project is still checked.
/// </summary>
public sealed class BrokenAttributeRuleTests
{
    private const string BrokenTemplate = AnalyzerHarness.Usings + """
        namespace Shop;

        [AgentTemplate(42)]
        public sealed class Broken : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Priced(0));
        }
        """;

    [Fact]
    public void ORCH0004_is_still_reported_when_another_file_has_an_attribute_with_a_wrong_argument_type()
    {
        var markup = AnalyzerHarness.Usings + """
            namespace Shop;
            [Workflow("w")]
            [Step("pricer")]
            [Step([|"reciept_writer"|])]
            public static partial class W;
            """;
        var start = markup.IndexOf("[|", System.StringComparison.Ordinal);
        var source = markup.Replace("[|", string.Empty).Replace("|]", string.Empty);
        var compilation = AnalyzerHarness.Compile([(RuleTests.Domain, "Prefix.cs"), (BrokenTemplate, "Broken.cs"), (source, "Test.cs")]);
        // A declaration error: the command-line compiler stops before reporting analyzer diagnostics when it has one,
        // so in a build the ORCH errors come back once CS1503 is fixed; the IDE shows them meanwhile.
        Assert.Contains(compilation.GetDeclarationDiagnostics(), d => d.Id == "CS1503");

        var diagnostic = Assert.Single(AnalyzerHarness.Analyze(compilation));

        Assert.Equal("ORCH0004", diagnostic.Id);
        Assert.Equal("Step 2 of workflow 'w': Unknown template 'reciept_writer'. Available: pricer, receipt_writer. Did you mean 'receipt_writer'?", diagnostic.GetMessage());
        Assert.Equal("Test.cs", diagnostic.Location.SourceTree!.FilePath);
        Assert.Equal(start, diagnostic.Location.SourceSpan.Start);
        Assert.Equal("\"reciept_writer\"".Length, diagnostic.Location.SourceSpan.Length);
    }

    [Fact]
    public void An_attribute_with_a_wrong_argument_type_gets_no_ORCH_diagnostic_of_its_own_and_valid_workflows_none()
    {
        var compilation = AnalyzerHarness.Compile([(RuleTests.Domain, "Prefix.cs"), (BrokenTemplate, "Broken.cs")]);

        var diagnostics = AnalyzerHarness.Analyze(compilation);

        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics.Select(d => d.ToString())));
    }

    [Fact]
    public void A_workflow_attribute_with_a_wrong_argument_type_leaves_the_other_workflows_checked()
    {
        var markup = AnalyzerHarness.Usings + """
            namespace Shop;

            [Workflow(7)]
            [Step("pricer")]
            public static partial class Broken;

            [Workflow("w", Strategy = [|"sequencial"|])]
            [Step("pricer")]
            public static partial class W;
            """;
        var start = markup.IndexOf("[|", System.StringComparison.Ordinal);
        var source = markup.Replace("[|", string.Empty).Replace("|]", string.Empty);
        var compilation = AnalyzerHarness.Compile([(RuleTests.Domain, "Prefix.cs"), (source, "Test.cs")]);

        var diagnostic = Assert.Single(AnalyzerHarness.Analyze(compilation));

        Assert.Equal("ORCH0001", diagnostic.Id);
        Assert.Equal(start, diagnostic.Location.SourceSpan.Start);
    }
}
