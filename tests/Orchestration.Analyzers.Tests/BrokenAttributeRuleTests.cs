using Microsoft.CodeAnalysis.Testing;

namespace Orchestration.Analyzers.Tests;

/// <summary>
/// An attribute the compiler rejects (a wrong argument type, reported as CS1503) takes only its own declaration out of
/// the analysis; every other declaration in the project is still checked.
/// </summary>
public sealed class BrokenAttributeRuleTests
{
    private const string BrokenTemplate = AnalyzerHarness.Usings + """
        namespace Shop;

        [AgentTemplate({|#9:42|})]
        public sealed class Broken : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Priced(0));
        }
        """;

    // A declaration error: the command-line compiler stops before reporting analyzer diagnostics when it has one, so in a
    // build the ORCH errors come back once CS1503 is fixed; the IDE shows them meanwhile. The tests compare the
    // compiler's errors too, so that the broken attribute is seen to be the one the compiler reports.
    private static readonly DiagnosticResult WrongArgumentType = DiagnosticResult.CompilerError("CS1503").WithLocation(9);

    [Fact]
    public void ORCH0004_is_still_reported_when_another_file_has_an_attribute_with_a_wrong_argument_type() => AnalyzerHarness.Verify(
        [
            ("Prefix.cs", RuleTests.Domain),
            ("Broken.cs", BrokenTemplate),
            ("Test.cs", AnalyzerHarness.Usings + """
                namespace Shop;
                [Workflow("w")]
                [Step("pricer")]
                [Step({|#0:"reciept_writer"|})]
                public static partial class W;
                """),
        ],
        [
            WrongArgumentType.WithArguments("1", "int", "string"),
            AnalyzerHarness.At(0, "ORCH0004", "Step 2 of workflow 'w': Unknown template 'reciept_writer'. Available: pricer, receipt_writer. Did you mean 'receipt_writer'?"),
        ],
        compilerErrors: true);

    [Fact]
    public void An_attribute_with_a_wrong_argument_type_gets_no_ORCH_diagnostic_of_its_own_and_valid_workflows_none() => AnalyzerHarness.Verify(
        [("Prefix.cs", RuleTests.Domain), ("Broken.cs", BrokenTemplate)],
        [WrongArgumentType.WithArguments("1", "int", "string")],
        compilerErrors: true);

    [Fact]
    public void A_workflow_attribute_with_a_wrong_argument_type_leaves_the_other_workflows_checked() => AnalyzerHarness.Verify(
        [
            ("Prefix.cs", RuleTests.Domain),
            ("Test.cs", AnalyzerHarness.Usings + """
                namespace Shop;

                [Workflow({|#1:7|})]
                [Step("pricer")]
                public static partial class Broken;

                [Workflow("w", Strategy = {|#0:"sequencial"|})]
                [Step("pricer")]
                public static partial class W;
                """),
        ],
        [
            DiagnosticResult.CompilerError("CS1503").WithLocation(1).WithArguments("1", "int", "string"),
            AnalyzerHarness.At(0, "ORCH0001", "Workflow 'w': Unknown strategy 'sequencial'. Available: adaptive, conditional, debate, delegation_chain, for_each, multi_conditional, nested, nested_sequential, parallel, prompt_cached_sequential, refinement, repeat_until, sequential, teaching, tool_enhanced. Did you mean 'sequential'?"),
        ],
        compilerErrors: true);
}
