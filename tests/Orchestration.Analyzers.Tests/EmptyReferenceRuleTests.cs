namespace Orchestration.Analyzers.Tests;

/// <summary>
/// A reference that names nothing (an empty or blank id, <c>Strategy = null</c>) is reported as missing, under the rule
/// of the kind of reference, with what to write instead; never as an unknown name.
/// </summary>
public sealed class EmptyReferenceRuleTests
{
    private static void Check(string markup, string id, string message) =>
        AnalyzerHarness.AssertSingle(AnalyzerHarness.Usings + "namespace Shop;\n" + markup, id, message, RuleTests.Domain);

    [Fact]
    public void ORCH0004_empty_template_id_says_the_step_names_no_template() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        [Step([|""|])]
        public static partial class W;
        """,
        "ORCH0004",
        "Step 2 of workflow 'w' names no agent template: the id is empty; give the id of an [AgentTemplate]. Available: pricer, receipt_writer.");

    [Fact]
    public void ORCH0004_blank_template_id_says_the_step_names_no_template() => Check(
        """
        [Workflow("w")]
        [Step([|"  "|])]
        public static partial class W;
        """,
        "ORCH0004",
        "Step 1 of workflow 'w' names no agent template: the id is blank; give the id of an [AgentTemplate]. Available: pricer, receipt_writer.");

    [Fact]
    public void ORCH0002_empty_workflow_id_says_the_step_names_no_workflow_and_does_not_offer_the_workflow_itself() => Check(
        """
        [Workflow("digest", Strategy = "nested_sequential")]
        [Step(Workflow = [|""|])]
        public static partial class Digest;
        """,
        "ORCH0002",
        "Step 1 of workflow 'digest' names no workflow: Workflow is empty; give the id of a [Workflow]. Available: checkout.");

    [Fact]
    public void ORCH0019_empty_input_request_id_says_the_step_waits_for_nothing() => Check(
        """
        [InputRequest("approval")]
        public sealed class Approval : InputRequest<Priced, bool>;

        [Workflow("w")]
        [Step("pricer")]
        [Step(Await = [|""|])]
        public static partial class W;
        """,
        "ORCH0019",
        "Step 2 of workflow 'w' names no input request: Await is empty; give the id of an [InputRequest]. Available: approval.");

    [Fact]
    public void ORCH0001_empty_strategy_says_the_workflow_names_no_strategy() => Check(
        """
        [Workflow("w", Strategy = [|""|])]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0001",
        "Workflow 'w' names no strategy: Strategy is empty; name one, or remove the argument to run the steps in sequence (sequential). Available: adaptive, conditional, debate, delegation_chain, for_each, multi_conditional, nested, nested_sequential, parallel, prompt_cached_sequential, refinement, repeat_until, sequential, teaching, tool_enhanced.");

    [Fact]
    public void ORCH0001_null_strategy_says_the_workflow_names_no_strategy() => Check(
        """
        [Workflow("w", Strategy = [|null|])]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0001",
        "Workflow 'w' names no strategy: Strategy is null; name one, or remove the argument to run the steps in sequence (sequential). Available: adaptive, conditional, debate, delegation_chain, for_each, multi_conditional, nested, nested_sequential, parallel, prompt_cached_sequential, refinement, repeat_until, sequential, teaching, tool_enhanced.");

    [Fact]
    public void ORCH0014_empty_constant_passed_to_a_lookup_says_it_names_nothing() => Check(
        """
        public static class Lookups
        {
            public static object Find(OrchestrationRegistry registry) => registry.Workflows.Get([|""|]);
        }
        """,
        "ORCH0014",
        "WorkflowRegistry.Get: the workflow id is empty, so it names no workflow; pass the id of a [Workflow]. Available: checkout.");

    [Fact]
    public void Named_references_and_an_omitted_strategy_produce_no_diagnostic() => AnalyzerHarness.AssertNone(
    [
        (RuleTests.Domain, "Domain.cs"),
        (AnalyzerHarness.Usings + """
            namespace Shop;

            [InputRequest("approval")]
            public sealed class Approval : InputRequest<Priced, bool>;

            [Workflow("default_strategy")]
            [Step("pricer")]
            [Step(Await = "approval")]
            public static partial class DefaultStrategy;

            [Workflow("explicit_strategy", Strategy = "sequential")]
            [Step("pricer")]
            public static partial class ExplicitStrategy;

            [Workflow("wrapper", Strategy = "nested_sequential")]
            [Step(Workflow = "checkout")]
            public static partial class Wrapper;
            """, "Valid.cs"),
    ]);
}
