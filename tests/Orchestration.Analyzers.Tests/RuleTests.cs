using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Orchestration.Analyzers.Tests;

/// <summary>Each rule: the bad input gives exactly its id and message at the argument that is wrong.</summary>
public sealed class RuleTests
{
    internal const string Domain = AnalyzerHarness.Usings + """
        namespace Shop;

        public sealed record Order(string Customer, int Items);
        public sealed record Priced(decimal Total);
        public sealed record Receipt(string Text);

        [AgentTemplate("pricer")]
        public sealed class Pricer : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Priced(input.Items));
        }

        [AgentTemplate("receipt_writer")]
        public sealed class ReceiptWriter : IAgent<Priced, Receipt>
        {
            public ValueTask<Receipt> RunAsync(Priced input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Receipt(input.Total.ToString()));
        }

        [Workflow("checkout")]
        [Step("pricer")]
        [Step("receipt_writer")]
        public static partial class Checkout;
        """;

    private static void Check(string markup, string id, string message) =>
        AnalyzerHarness.AssertSingle(AnalyzerHarness.Usings + "namespace Shop;\n" + markup, id, message, Domain);

    [Fact]
    public void ORCH0001_unknown_strategy_points_at_the_strategy_argument_with_available_names_and_closest_match() => Check(
        """
        [Workflow("w", Strategy = [|"sequencial"|])]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0001",
        "Workflow 'w': Unknown strategy 'sequencial'. Available: adaptive, conditional, debate, delegation_chain, for_each, multi_conditional, nested, nested_sequential, parallel, prompt_cached_sequential, refinement, repeat_until, sequential, teaching, tool_enhanced. Did you mean 'sequential'?");

    [Fact]
    public void ORCH0002_dangling_workflow_reference_points_at_the_workflow_argument() => Check(
        """
        [Workflow("digest", Strategy = "nested_sequential")]
        [Step(Workflow = [|"chekout"|])]
        public static partial class Digest;
        """,
        "ORCH0002",
        "Step 1 of workflow 'digest': Unknown workflow 'chekout'. Available: checkout. Did you mean 'checkout'?");

    [Fact]
    public void ORCH0003_too_deep_nesting_shows_the_full_path_and_the_limit() => Check(
        """
        [Workflow("l1", Strategy = "nested_sequential")] [Step(Workflow = "checkout")] public static partial class L1;
        [Workflow("l2", Strategy = "nested_sequential")] [Step(Workflow = "l1")] public static partial class L2;
        [Workflow("l3", Strategy = "nested_sequential", MaxDepth = 5)] [Step(Workflow = "l2")] public static partial class L3;
        [Workflow("release", Strategy = "nested_sequential")]
        [Step(Workflow = [|"l3"|])]
        public static partial class Release;
        """,
        "ORCH0003",
        "Workflow 'release' nests 4 levels deep (release → l3 → l2 → l1 → checkout); the limit is 3 (the default). Flatten the chain or raise MaxDepth.");

    [Fact]
    public void ORCH0003_max_depth_below_one_points_at_the_argument() => Check(
        """
        [Workflow("w", MaxDepth = [|0|])]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0003",
        "Workflow 'w': MaxDepth must be at least 1 (it is 0); it counts how many levels of workflow references may stack below this workflow");

    [Fact]
    public void ORCH0004_unknown_template_points_at_the_template_argument() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        [Step([|"reciept_writer"|])]
        public static partial class W;
        """,
        "ORCH0004",
        "Step 2 of workflow 'w': Unknown template 'reciept_writer'. Available: pricer, receipt_writer. Did you mean 'receipt_writer'?");

    [Fact]
    public void ORCH0005_cycle_is_reported_on_each_member_with_its_path() => AnalyzerHarness.Verify(
        [
            ("Prefix.cs", Domain),
            ("Test.cs", AnalyzerHarness.Usings + """
                namespace Shop;
                [Workflow("ping", Strategy = "nested_sequential")]
                [Step(Workflow = {|#0:"pong"|})]
                public static partial class Ping;

                [Workflow("pong", Strategy = "nested_sequential")]
                [Step(Workflow = {|#1:"ping"|})]
                public static partial class Pong;
                """),
        ],
        [
            AnalyzerHarness.At(0, "ORCH0005", "Workflow 'ping' is part of a reference cycle: ping → pong → ping; a workflow cannot run itself, directly or through others"),
            AnalyzerHarness.At(1, "ORCH0005", "Workflow 'pong' is part of a reference cycle: pong → ping → pong; a workflow cannot run itself, directly or through others"),
        ]);

    [Fact]
    public void ORCH0006_mistyped_hand_off_names_both_types_and_both_positions() => Check(
        """
        [Workflow("w")]
        [Step("receipt_writer")]
        [Step([|"pricer"|])]
        public static partial class W;
        """,
        "ORCH0006",
        "Step 2 'pricer' takes Order but step 1 'receipt_writer' produces Receipt");

    [Fact]
    public void ORCH0006_fan_out_step_that_does_not_take_the_workflow_input() => Check(
        """
        [Workflow("w", Strategy = "parallel")]
        [Step("pricer")]
        [Step([|"receipt_writer"|])]
        public static partial class W;
        """,
        "ORCH0006",
        "Step 2 'receipt_writer' takes Priced but every step of a fan-out receives the workflow's input, Order (the input of step 1 'pricer')");

    [Fact]
    public void ORCH0007_workflow_without_steps() => Check(
        """
        [[|Workflow("w")|]]
        public static partial class W;
        """,
        "ORCH0007",
        "Workflow 'w' uses strategy 'sequential', which needs at least 1 step, but it has 0; add [Step(\"template_id\")] or [Step(Workflow = \"workflow_id\")]");

    [Fact]
    public void ORCH0007_teaching_needs_exactly_two_steps() => Check(
        """
        [[|Workflow("w", Strategy = "teaching")|]]
        [Step("pricer")]
        [Step("pricer")]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0007",
        "Workflow 'w' uses strategy 'teaching', which needs exactly 2 steps (a junior, then an expert), but it has 3");

    [Fact]
    public void ORCH0006_teaching_expert_must_answer_the_same_question() => Check(
        """
        [Workflow("w", Strategy = "teaching")]
        [Step("pricer")]
        [Step([|"receipt_writer"|])]
        public static partial class W;
        """,
        "ORCH0006",
        "Step 2 'receipt_writer' (the expert) takes Priced and produces Receipt, but it must take the junior's input, Order, and produce its output, Priced: both answer the same question");

    [Fact]
    public void ORCH0016_confidence_threshold_outside_zero_to_one() => Check(
        """
        [Workflow("w", Strategy = "teaching", ConfidenceThreshold = [|1.5|])]
        [Step("pricer")]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0016",
        "Workflow 'w': ConfidenceThreshold must be between 0 and 1 (inclusive); it is 1.5");

    [Fact]
    public void ORCH0007_adaptive_needs_a_classifier_and_a_specialist() => Check(
        """
        [[|Workflow("w", Strategy = "adaptive")|]]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0007",
        "Workflow 'w' uses strategy 'adaptive', which needs a classifier and at least 1 specialist (at least 2 steps), but it has 1");

    [Fact]
    public void ORCH0006_adaptive_specialist_must_take_the_workflow_input() => Check(
        """
        [Workflow("w", Strategy = "adaptive")]
        [Step("pricer")]
        [Step([|"receipt_writer"|])]
        public static partial class W;
        """,
        "ORCH0006",
        "Step 2 'receipt_writer' (a specialist) takes Priced but specialists receive the workflow's input, Order (the input of the classifier, step 1 'pricer')");

    [Fact]
    public void ORCH0017_router_that_does_not_exist() => Check(
        """
        [Workflow("w", Strategy = "adaptive", Router = [|"Route"|])]
        [Step("pricer")]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0017",
        "Workflow 'w': the workflow class has no method named 'Route'; declare static string Route(Priced classification) on the workflow class");

    [Fact]
    public void ORCH0017_router_taking_the_wrong_type() => Check(
        """
        [Workflow("w", Strategy = "adaptive", Router = [|nameof(Route)|])]
        [Step("pricer")]
        [Step("pricer")]
        public static partial class W
        {
            private static string Route(Order order) => "pricer";
        }
        """,
        "ORCH0017",
        "Workflow 'w': 'Route' takes Order but the classifier (step 1 'pricer') produces Priced; declare static string Route(Priced classification) on the workflow class");

    [Fact]
    public void ORCH0016_router_on_a_strategy_that_does_not_route() => Check(
        """
        [Workflow("w", Router = [|"Route"|])]
        [Step("pricer")]
        public static partial class W
        {
            private static string Route(Priced p) => "pricer";
        }
        """,
        "ORCH0016",
        "Workflow 'w': Router is only used by the adaptive strategy, not by 'sequential'; remove it");

    [Fact]
    public void ORCH0006_refinement_critic_must_produce_a_critique() => Check(
        """
        [Workflow("w", Strategy = "refinement")]
        [Step("pricer")]
        [Step([|"receipt_writer"|])]
        public static partial class W;
        """,
        "ORCH0006",
        "Step 2 'receipt_writer' (the critic) produces Receipt but must produce Orchestration.Critique, which says whether the draft is accepted");

    [Fact]
    public void ORCH0016_max_iterations_on_a_strategy_that_does_not_loop() => Check(
        """
        [Workflow("w", MaxIterations = [|5|])]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0016",
        "Workflow 'w': MaxIterations is only used by the refinement and repeat_until strategies, not by 'sequential'; remove it");

    [Fact]
    public void ORCH0018_first_branch_without_a_condition() => Check(
        """
        [Workflow("w", Strategy = "conditional")]
        [[|Step("pricer")|]]
        public static partial class W;
        """,
        "ORCH0018",
        "Step 1 of workflow 'w' needs a condition: [Step(\"pricer\", When = nameof(Condition))]; only the last branch of a conditional workflow can be the default");

    [Fact]
    public void ORCH0018_default_branch_that_is_not_last() => Check(
        """
        [Workflow("w", Strategy = "multi_conditional")]
        [Step("pricer", When = nameof(Big))]
        [[|Step("pricer")|]]
        [Step("pricer")]
        public static partial class W
        {
            private static bool Big(Order order) => order.Items > 10;
        }
        """,
        "ORCH0018",
        "Step 2 of workflow 'w' has no condition, so it would always run and the steps after it never; give it one (When = nameof(Condition)) or move it last as the default");

    [Fact]
    public void ORCH0017_condition_with_the_wrong_signature() => Check(
        """
        [Workflow("w", Strategy = "conditional")]
        [Step("pricer", When = [|nameof(Big)|])]
        public static partial class W
        {
            private static int Big(Order order) => order.Items;
        }
        """,
        "ORCH0017",
        "Workflow 'w' step 1: 'Big' must return bool; declare static bool Big(Order input) on the workflow class");

    [Fact]
    public void ORCH0016_condition_on_a_strategy_that_does_not_branch() => Check(
        """
        [Workflow("w")]
        [Step("pricer", When = [|"Big"|])]
        public static partial class W;
        """,
        "ORCH0016",
        "Workflow 'w' step 1: When is only used by the conditional and multi_conditional strategies, not by 'sequential'; remove it");

    [Fact]
    public void ORCH0007_nested_runs_a_workflow_not_an_agent() => Check(
        """
        [Workflow("w", Strategy = "nested")]
        [[|Step("pricer")|]]
        public static partial class W;
        """,
        "ORCH0007",
        "Workflow 'w' uses strategy 'nested', which runs one referenced workflow, but step 1 names an agent template; use [Step(Workflow = \"id\")], or the sequential strategy to run agents");

    [Fact]
    public void ORCH0006_debate_participants_must_argue_one_type() => Check(
        """
        [AgentTemplate("dissenter")]
        public sealed class Dissenter : IAgent<Order, string>
        {
            public ValueTask<string> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => default;
        }

        [Workflow("w", Strategy = "debate")]
        [Step("pricer")]
        [Step([|"dissenter"|])]
        public static partial class W;
        """,
        "ORCH0006",
        "Step 2 'dissenter' (a participant) argues string but step 1 'pricer' argues Priced; participants must argue positions of one type, so they can be compared");

    [Fact]
    public void ORCH0007_debate_needs_two_participants() => Check(
        """
        [[|Workflow("w", Strategy = "debate")|]]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0007",
        "Workflow 'w' uses strategy 'debate', which needs at least 2 participants (and optionally a judge), but it has 1");

    [Fact]
    public void ORCH0016_rounds_on_a_strategy_that_does_not_debate() => Check(
        """
        [Workflow("w", Rounds = [|3|])]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0016",
        "Workflow 'w': Rounds is only used by the debate strategy, not by 'sequential'; remove it");

    [Fact]
    public void ORCH0006_delegation_planner_must_produce_a_plan() => Check(
        """
        [AgentTemplate("summarizer")]
        public sealed class Summarizer : IAgent<DelegationReports<Priced>, Receipt>
        {
            public ValueTask<Receipt> RunAsync(DelegationReports<Priced> input, AgentContext context, CancellationToken cancellationToken) => default;
        }

        [AgentTemplate("task_pricer")]
        public sealed class TaskPricer : IAgent<string, Priced>
        {
            public ValueTask<Priced> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => default;
        }

        [Workflow("w", Strategy = "delegation_chain")]
        [Step([|"pricer"|])]
        [Step("task_pricer")]
        [Step("summarizer")]
        public static partial class W;
        """,
        "ORCH0006",
        "Step 1 'pricer' (the planner) produces Priced but must produce Orchestration.DelegationPlan, the tasks to delegate");

    [Fact]
    public void ORCH0003_delegation_chains_nested_past_the_limit_are_an_error_not_a_silent_cut() => Check(
        """
        [AgentTemplate("planner")]
        public sealed class Planner : IAgent<string, DelegationPlan>
        {
            public ValueTask<DelegationPlan> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => default;
        }

        [AgentTemplate("synthesizer")]
        public sealed class Synthesizer : IAgent<DelegationReports<string>, string>
        {
            public ValueTask<string> RunAsync(DelegationReports<string> input, AgentContext context, CancellationToken cancellationToken) => default;
        }

        [AgentTemplate("echo")]
        public sealed class Echo : IAgent<string, string>
        {
            public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => default;
        }

        [Workflow("d0", Strategy = "delegation_chain")] [Step("planner")] [Step("echo")] [Step("synthesizer")] public static partial class D0;
        [Workflow("d1", Strategy = "delegation_chain")] [Step("planner")] [Step(Workflow = "d0")] [Step("synthesizer")] public static partial class D1;
        [Workflow("d2", Strategy = "delegation_chain")] [Step("planner")] [Step(Workflow = "d1")] [Step("synthesizer")] public static partial class D2;
        [Workflow("d3", Strategy = "delegation_chain", MaxDepth = 5)] [Step("planner")] [Step(Workflow = "d2")] [Step("synthesizer")] public static partial class D3;
        [Workflow("d4", Strategy = "delegation_chain")]
        [Step("planner")]
        [Step(Workflow = [|"d3"|])]
        [Step("synthesizer")]
        public static partial class D4;
        """,
        "ORCH0003",
        "Delegation chain 'd4' delegates 4 levels deep (d4 → d3 → d2 → d1 → d0); the limit is 3 (the default). Flatten the chain or raise MaxDepth.");

    [Fact]
    public void ORCH0016_prompt_cached_sequential_without_a_cached_context() => Check(
        """
        [[|Workflow("w", Strategy = "prompt_cached_sequential")|]]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0016",
        "Workflow 'w' uses strategy 'prompt_cached_sequential' but has no CachedContext; set the context every step shares, or use the sequential strategy");

    [Fact]
    public void ORCH0007_tool_enhanced_template_without_tools() => Check(
        """
        [Workflow("w", Strategy = "tool_enhanced")]
        [Step([|"pricer"|])]
        public static partial class W;
        """,
        "ORCH0007",
        "Workflow 'w' uses strategy 'tool_enhanced', but template 'pricer' lists no tools; give it some with [AgentTemplate(\"pricer\", Tools = [\"tool_name\"])]");

    [Fact]
    public void ORCH0008_duplicate_workflow_id_is_reported_at_both_declarations_naming_the_other() => AssertDuplicate(
        """
        [Workflow("checkout")]
        [Step("pricer")]
        public static partial class SecondCheckout;
        """,
        ("Prefix.cs(23,11)", "Workflow id 'checkout' is declared more than once: also by Shop.SecondCheckout at Test.cs(8,29); give each workflow its own id"),
        ("Test.cs(6,11)", "Workflow id 'checkout' is declared more than once: also by Shop.Checkout at Prefix.cs(26,29); give each workflow its own id"));

    [Fact]
    public void ORCH0008_duplicate_template_id_is_reported_at_both_declarations_naming_the_other() => AssertDuplicate(
        """
        [AgentTemplate("pricer")]
        public sealed class OtherPricer : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => default;
        }
        """,
        ("Prefix.cs(11,16)", "Template id 'pricer' is declared more than once: also by Shop.OtherPricer at Test.cs(7,21); give each template its own id"),
        ("Test.cs(6,16)", "Template id 'pricer' is declared more than once: also by Shop.Pricer at Prefix.cs(12,21); give each template its own id"));

    /// <summary>The source gives exactly ORCH0008 at each place <paramref name="expected"/> names (<c>File(line,column)</c>, where the diagnostic starts), with its message.</summary>
    private static void AssertDuplicate(string source, params (string Where, string Message)[] expected) => AnalyzerHarness.Verify(
        [("Prefix.cs", Domain), ("Test.cs", AnalyzerHarness.Usings + "namespace Shop;\n" + source)],
        expected.Select(e =>
        {
            var (path, position) = (e.Where.Substring(0, e.Where.IndexOf('(')), e.Where.Substring(e.Where.IndexOf('(') + 1).TrimEnd(')').Split(','));
            return new DiagnosticResult("ORCH0008", DiagnosticSeverity.Error)
                .WithLocation(path, int.Parse(position[0], CultureInfo.InvariantCulture), int.Parse(position[1], CultureInfo.InvariantCulture))
                .WithMessage(e.Message);
        }));

    [Fact]
    public void ORCH0008_a_strategy_may_not_take_a_built_in_name() => Check(
        """
        using Orchestration.Strategies;
        [Strategy([|"parallel"|])]
        public sealed class MyParallel : ExecutionStrategy
        {
            public override ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken) => default;
        }
        """,
        "ORCH0008",
        "Strategy name 'parallel' is declared more than once: also by the runtime (a built-in strategy); give each strategy its own name");

    [Fact]
    public void ORCH0009_strategy_class_that_does_not_derive_from_the_base() => Check(
        """
        [Strategy("round_robin")]
        public sealed class [|RoundRobin|] { }
        """,
        "ORCH0009",
        "Strategy 'round_robin' (RoundRobin) cannot be used: the class does not derive from Orchestration.Strategies.ExecutionStrategy");

    [Fact]
    public void ORCH0009_abstract_strategy_class() => Check(
        """
        using Orchestration.Strategies;
        [Strategy("round_robin")]
        public abstract class [|RoundRobin|] : ExecutionStrategy { }
        """,
        "ORCH0009",
        "Strategy 'round_robin' (RoundRobin) cannot be used: the class is abstract, so it cannot be created");

    [Fact]
    public void ORCH0010_blank_workflow_id() => Check(
        """
        [Workflow([|"  "|])]
        [Step("pricer")]
        public static partial class W;
        """,
        "ORCH0010",
        "The workflow id '  ' of class W is blank; it must be a non-empty constant string without surrounding whitespace");

    [Fact]
    public void ORCH0010_empty_template_id() => Check(
        """
        [AgentTemplate([|""|])]
        public sealed class Nameless : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => default;
        }
        """,
        "ORCH0010",
        "The template id '' of class Nameless is empty; it must be a non-empty constant string without surrounding whitespace");

    [Fact]
    public void ORCH0010_template_id_with_surrounding_whitespace_is_quoted_with_its_class() => Check(
        """
        [AgentTemplate([|" pricer2"|])]
        public sealed class Spaced : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => default;
        }
        """,
        "ORCH0010",
        "The template id ' pricer2' of class Spaced has whitespace around it; it must be a non-empty constant string without surrounding whitespace");

    [Fact]
    public void ORCH0011_step_naming_both_a_template_and_a_workflow() => Check(
        """
        [Workflow("w")]
        [[|Step("pricer", Workflow = "checkout")|]]
        public static partial class W;
        """,
        "ORCH0011",
        "Step 1 of workflow 'w' must name exactly one of a template ([Step(\"template_id\")]), a workflow ([Step(Workflow = \"workflow_id\")]), an input request to wait for ([Step(Await = \"request_id\")]) or a delay ([Step(DelaySeconds = 60)] or [Step(Until = nameof(Method))], not both)");

    [Fact]
    public void ORCH0011_step_naming_neither() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        [[|Step|]]
        public static partial class W;
        """,
        "ORCH0011",
        "Step 2 of workflow 'w' must name exactly one of a template ([Step(\"template_id\")]), a workflow ([Step(Workflow = \"workflow_id\")]), an input request to wait for ([Step(Await = \"request_id\")]) or a delay ([Step(DelaySeconds = 60)] or [Step(Until = nameof(Method))], not both)");

    [Fact]
    public void ORCH0012_workflow_class_that_is_not_partial() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        public static class [|W|] { }
        """,
        "ORCH0012",
        "Workflow 'w' cannot get a generated runner: the workflow class must be partial so that the generator can add its runner");

    [Fact]
    public void ORCH0012_workflow_nested_in_a_non_partial_type() => Check(
        """
        public static class Outer
        {
            [Workflow("w")]
            [Step("pricer")]
            public static partial class [|W|];
        }
        """,
        "ORCH0012",
        "Workflow 'w' cannot get a generated runner: the containing type 'Outer' must be partial");

    [Fact]
    public void ORCH0013_template_that_is_not_an_agent() => Check(
        """
        [AgentTemplate("auditor")]
        public sealed class [|Auditor|] { }
        """,
        "ORCH0013",
        "Agent template 'auditor' (Auditor) cannot be used: the class does not implement Orchestration.IAgent<TInput, TOutput>");

    [Fact]
    public void ORCH0013_invalid_resource_value_points_at_its_argument() => Check(
        """
        [AgentTemplate("auditor", TimeoutSeconds = [|0|])]
        public sealed class Auditor : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => default;
        }
        """,
        "ORCH0013",
        "Agent template 'auditor' (Auditor) cannot be used: TimeoutSeconds must be positive");

    [Fact]
    public void ORCH0013_max_attempts_below_one() => Check(
        """
        [AgentTemplate("auditor", MaxAttempts = [|0|])]
        public sealed class Auditor : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => default;
        }
        """,
        "ORCH0013",
        "Agent template 'auditor' (Auditor) cannot be used: MaxAttempts must be at least 1 (1 means no retry)");

    [Fact]
    public void ORCH0014_constant_strategy_name_passed_to_the_registry() => Check(
        """
        using Orchestration.Strategies;
        public static class Lookups
        {
            public static ExecutionStrategy Find(OrchestrationRegistry registry) => registry.Strategies.Get([|"sequencial"|]);
        }
        """,
        "ORCH0014",
        "StrategyRegistry.Get: Unknown strategy 'sequencial'. Available: adaptive, conditional, debate, delegation_chain, for_each, multi_conditional, nested, nested_sequential, parallel, prompt_cached_sequential, refinement, repeat_until, sequential, teaching, tool_enhanced. Did you mean 'sequential'? If it is registered at run time, pass it as a non-constant value.");

    [Fact]
    public void ORCH0014_constant_workflow_id_passed_to_run_async() => Check(
        """
        public static class Lookups
        {
            public static object Run(OrchestrationRegistry registry) => registry.RunAsync([|"chekout"|], null);
        }
        """,
        "ORCH0014",
        "OrchestrationRegistry.RunAsync: Unknown workflow 'chekout'. Available: checkout. Did you mean 'checkout'? If it is registered at run time, pass it as a non-constant value.");

    [Fact]
    public void ORCH0014_constant_workflow_id_passed_through_a_conditional_access() => Check(
        """
        public static class Lookups
        {
            public static object? Run(OrchestrationRegistry? registry) => registry?.Workflows.Get([|"chekout"|]);
        }
        """,
        "ORCH0014",
        "WorkflowRegistry.Get: Unknown workflow 'chekout'. Available: checkout. Did you mean 'checkout'? If it is registered at run time, pass it as a non-constant value.");

    [Fact]
    public void ORCH0014_constant_workflow_id_passed_with_a_conditional_call() => Check(
        """
        public static class Lookups
        {
            public static object? Run(OrchestrationRegistry? registry) => registry?.RunAsync([|"chekout"|], null);
        }
        """,
        "ORCH0014",
        "OrchestrationRegistry.RunAsync: Unknown workflow 'chekout'. Available: checkout. Did you mean 'checkout'? If it is registered at run time, pass it as a non-constant value.");

    [Fact]
    public void ORCH0014_constant_template_id_passed_to_execute_async() => Check(
        """
        public static class Lookups
        {
            public static object Run(OrchestrationRegistry registry) => registry.ExecuteAsync("sequential", new[] { "pricer", [|"reciept_writer"|] }, null);
        }
        """,
        "ORCH0014",
        "OrchestrationRegistry.ExecuteAsync: Unknown template 'reciept_writer'. Available: pricer, receipt_writer. Did you mean 'receipt_writer'? If it is registered at run time, pass it as a non-constant value.");

    [Fact]
    public void Valid_declarations_and_lookups_produce_no_diagnostic() => AnalyzerHarness.AssertNone(
    [
        (Domain, "Domain.cs"),
        (AnalyzerHarness.Usings + """
            using Orchestration.Strategies;
            namespace Shop;

            [Workflow("wrapped", Strategy = "nested")]
            [Step(Workflow = "checkout")]
            public static partial class Wrapped;

            [Workflow("billing", Strategy = "nested_sequential", MaxDepth = 1)]
            [Step(Workflow = "checkout")]
            public static partial class Billing;

            [Workflow("fan", Strategy = "parallel")]
            [Step("pricer")]
            [Step(Workflow = "checkout")]
            public static partial class Fan;

            [Strategy("reverse", Shape = StrategyShape.Chain)]
            public sealed class Reverse : ExecutionStrategy
            {
                public override ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken) => default;
            }

            [Workflow("reversed", Strategy = "reverse")]
            [Step("pricer")]
            public static partial class Reversed;

            public static class Lookups
            {
                public static void Use(OrchestrationRegistry registry, string dynamicName)
                {
                    registry.Strategies.Get("sequential");
                    registry.Strategies.Get("reverse");
                    registry.Strategies.Get(dynamicName);
                    registry.Strategies.TryGet("maybe_registered_later", out _);
                    registry.Templates.Get("receipt_writer");
                    registry.Workflows.Get(WorkflowIds.Billing);
                    registry.Workflows.Get(Fan.Id);
                    registry.ExecuteAsync("parallel", new[] { "pricer", "pricer" }, null);
                }
            }
            """, "Valid.cs"),
    ]);

    [Fact]
    public void The_sample_produces_no_diagnostic()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "ContentPipeline");
        var files = Directory.GetFiles(sample, "*.cs").Select(f => (File.ReadAllText(f), Path.GetFileName(f))).ToArray();
        Assert.NotEmpty(files);

        AnalyzerHarness.AssertNone(files.Append(("global using System; global using System.IO; global using System.Linq; global using System.Collections.Generic; global using System.Threading; global using System.Threading.Tasks;", "Usings.cs")));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(System.AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Generators.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Generators.sln not found");
    }
}
