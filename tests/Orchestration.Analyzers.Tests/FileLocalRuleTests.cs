namespace Orchestration.Analyzers.Tests;

/// <summary>
/// A <c>file</c>-local template, input request, strategy or workflow class cannot be reached from the generated files,
/// so it is reported at the class (under the rule for its kind of class) and left out of generation.
/// </summary>
public sealed class FileLocalRuleTests
{
    private const string Advice = "file-local types cannot be registered: the generated registry lives in another file; make it internal or public";

    private static void Check(string markup, string id, string message) =>
        AnalyzerHarness.AssertSingle(AnalyzerHarness.Usings + "namespace Shop;\n" + markup, id, message, RuleTests.Domain);

    [Fact]
    public void ORCH0013_file_local_agent_template() => Check(
        """
        [AgentTemplate("auditor")]
        file sealed class [|Auditor|] : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => default;
        }
        """,
        "ORCH0013",
        $"Agent template 'auditor' (Auditor) cannot be used: 'Auditor' is file-local; {Advice}");

    [Fact]
    public void ORCH0013_agent_nested_in_a_file_local_class() => Check(
        """
        file static class Holder
        {
            [AgentTemplate("auditor")]
            internal sealed class [|Auditor|] : IAgent<Order, Priced>
            {
                public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => default;
            }
        }
        """,
        "ORCH0013",
        $"Agent template 'auditor' (Auditor) cannot be used: 'Holder' is file-local; {Advice}");

    [Fact]
    public void ORCH0013_agent_whose_input_type_is_file_local() => Check(
        """
        file sealed record Secret(string Text);

        [AgentTemplate("auditor")]
        public sealed class [|Auditor|] : IAgent<Secret, Priced>
        {
            public ValueTask<Priced> RunAsync(Secret input, AgentContext context, CancellationToken cancellationToken) => default;
        }
        """,
        "ORCH0013",
        $"Agent template 'auditor' (Auditor) cannot be used: its input type 'Secret' is file-local; {Advice}");

    [Fact]
    public void ORCH0021_file_local_input_request() => Check(
        """
        [InputRequest("approval")]
        file sealed class [|Approval|] : InputRequest<Priced, bool>;
        """,
        "ORCH0021",
        $"Input request 'approval' (Approval) cannot be used: 'Approval' is file-local; {Advice}");

    [Fact]
    public void ORCH0009_file_local_strategy() => Check(
        """
        using Orchestration.Strategies;
        [Strategy("reverse")]
        file sealed class [|Reverse|] : ExecutionStrategy
        {
            public override ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken) => default;
        }
        """,
        "ORCH0009",
        $"Strategy 'reverse' (Reverse) cannot be used: 'Reverse' is file-local; {Advice}");

    [Fact]
    public void ORCH0012_file_local_workflow() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        file static partial class [|W|];
        """,
        "ORCH0012",
        $"Workflow 'w' cannot get a generated runner: 'W' is file-local; {Advice}");

    [Fact]
    public void File_local_helpers_next_to_internal_declarations_produce_no_diagnostic() => AnalyzerHarness.AssertNone(
    [
        (RuleTests.Domain, "Domain.cs"),
        (AnalyzerHarness.Usings + """
            namespace Shop;

            file static class Format
            {
                public static decimal Round(decimal value) => decimal.Round(value, 2);
            }

            [AgentTemplate("rounder")]
            internal sealed class Rounder : IAgent<Priced, Priced>
            {
                public ValueTask<Priced> RunAsync(Priced input, AgentContext context, CancellationToken cancellationToken) =>
                    ValueTask.FromResult(new Priced(Format.Round(input.Total)));
            }

            [Workflow("rounded")]
            [Step("pricer")]
            [Step("rounder")]
            internal static partial class Rounded;
            """, "Valid.cs"),
    ]);
}
