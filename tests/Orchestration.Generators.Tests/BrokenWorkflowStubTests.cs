using System.Linq;
using Microsoft.CodeAnalysis;

namespace Orchestration.Generators.Tests;

/// <summary>
/// A workflow with errors gets no runner, but where its class can take a member it gets a <c>RunAsync</c> stub marked
/// obsolete as an error: a call to it fails with CS0619 quoting the workflow's first diagnostic, even when that
/// diagnostic is suppressed or downgraded, instead of a bare CS0117.
/// </summary>
public sealed class BrokenWorkflowStubTests
{
    private const string Caller = """

        public static class Caller
        {
            public static async Task<object?> Call() => await Broken.RunAsync(new Order("ada", 1));
        }
        """;

    [Fact]
    public void A_call_to_a_workflow_with_a_mistyped_hand_off_fails_with_CS0619_naming_ORCH0006()
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Domain + Sources.Workflows + """

            [Workflow("broken")]
            [Step("pricer")]
            [Step("risk_scorer")]
            public static partial class Broken;
            """ + Caller));

        var errors = outcome.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

        var error = Assert.Single(errors);
        Assert.Equal("CS0619", error.Id);
        Assert.Equal(
            "'Broken.RunAsync(params object?[])' is obsolete: 'Workflow 'broken' has errors (ORCH0006: Step 2 'risk_scorer' takes Order but step 1 'pricer' produces Priced); fix them to get its runner.'",
            error.GetMessage());
        Assert.Equal("Declarations.cs", error.Location.SourceTree!.FilePath);
    }

    [Fact]
    public void The_stub_has_no_other_member_and_compiles_without_warnings()
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Domain + Sources.Workflows + """

            [Workflow("broken")]
            [Step("pricr")]
            public partial class Broken;
            """));

        var stub = outcome.Generated("Shop.Broken.g.cs");
        Assert.Contains("public static global::System.Threading.Tasks.ValueTask<global::Orchestration.WorkflowResult<object?>> RunAsync(params object?[] arguments)", stub);
        Assert.DoesNotContain("Definition", stub);
        Assert.DoesNotContain(" Id ", stub);
        var generated = outcome.RunResult.GeneratedTrees;
        var warnings = outcome.Compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generated.Contains(tree))
            .ToArray();
        Assert.True(warnings.Length == 0, string.Join("\n", warnings.Select(w => w.ToString())) + "\n" + stub);
    }

    [Theory]
    [InlineData("own Id", "public static partial class Broken { public const string Id = \"mine\"; }")]
    [InlineData("own Runner", "public static partial class Broken { public sealed class Runner { } }")]
    [InlineData("own RunAsync", "public static partial class Broken { public static int RunAsync(int x) => x; }")]
    [InlineData("not partial", "public static class Broken { }")]
    [InlineData("generic", "public static partial class Broken<T> { }")]
    [InlineData("file-local", "file static partial class Broken;")]
    public void A_class_that_cannot_take_a_member_gets_no_stub(string mistake, string declaration)
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Domain + Sources.Workflows + "\n[Workflow(\"broken\")]\n[Step(\"pricr\")]\n" + declaration));

        Assert.DoesNotContain(outcome.HintNames, h => h.Contains("Broken"));
        Assert.True(outcome.GeneratorDiagnostics.IsEmpty, mistake);
    }

    [Fact]
    public void A_valid_workflow_gets_its_runner_and_no_stub()
    {
        var outcome = GeneratorHarness.RunClean(Sources.Domain + Sources.Workflows);

        Assert.DoesNotContain("Obsolete", outcome.AllGeneratedText());
    }
}
