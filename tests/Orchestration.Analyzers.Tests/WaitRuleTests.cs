using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Orchestration.Analyzers.Tests;

/// <summary>
/// The rules about input requests, waits and delays, and the existing rules in their new situations: the bad input gives
/// exactly its id and message at the argument that is wrong.
/// </summary>
public sealed class WaitRuleTests
{
    private const string Domain = AnalyzerHarness.Usings + """
        namespace Newsroom;

        public sealed record Order(string Topic);
        public sealed record Priced(decimal Total);
        public sealed record Draft(string Title);
        public sealed record Decision(bool Approved);
        public sealed record Published(string Text);

        [AgentTemplate("pricer")]
        public sealed class Pricer : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => default;
        }

        [AgentTemplate("drafter")]
        public sealed class Drafter : IAgent<Order, Draft>
        {
            public ValueTask<Draft> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => default;
        }

        [AgentTemplate("proofreader")]
        public sealed class Proofreader : IAgent<Draft, Published>
        {
            public ValueTask<Published> RunAsync(Draft input, AgentContext context, CancellationToken cancellationToken) => default;
        }

        [AgentTemplate("publisher")]
        public sealed class Publisher : IAgent<Answered<Draft, Decision>, Published>
        {
            public ValueTask<Published> RunAsync(Answered<Draft, Decision> input, AgentContext context, CancellationToken cancellationToken) => default;
        }

        [InputRequest("editor_approval", Description = "Approve the draft", DeadlineSeconds = 86400)]
        public sealed class EditorApproval : InputRequest<Draft, Decision>;

        [InputRequest("legal_review")]
        public sealed class LegalReview : InputRequest<Draft, Decision>;

        [Workflow("approval")]
        [Step(Await = "editor_approval")]
        public static partial class Approval;

        [Workflow("reviewed", Strategy = "nested_sequential")]
        [Step(Workflow = "approval")]
        public static partial class Reviewed;
        """;

    private const string Placement =
        "but strategy '{0}' cannot hold a wait: a waiting run stops and is continued later from its records, which only " +
        "sequential, nested_sequential, nested and prompt_cached_sequential workflows can do (and for_each and repeat_until, in the workflow they repeat). Move the wait into a sequential workflow";

    private static void Check(string markup, string id, string message) =>
        AnalyzerHarness.AssertSingle(AnalyzerHarness.Usings + "namespace Newsroom;\n" + markup, id, message, Domain);

    [Fact]
    public void ORCH0019_unknown_input_request_points_at_the_await_argument_with_available_ids_and_closest_match() => Check(
        """
        [Workflow("w")]
        [Step("drafter")]
        [Step(Await = [|"editr_approval"|])]
        [Step("publisher")]
        public static partial class W;
        """,
        "ORCH0019",
        "Step 2 of workflow 'w': Unknown input request 'editr_approval'. Available: editor_approval, legal_review. Did you mean 'editor_approval'?");

    [Fact]
    public void ORCH0020_a_wait_in_a_fan_out_points_at_the_await_argument() => Check(
        """
        [Workflow("w", Strategy = "parallel")]
        [Step("drafter")]
        [Step(Await = [|"editor_approval"|])]
        public static partial class W;
        """,
        "ORCH0020",
        "Step 2 of workflow 'w' waits for input request 'editor_approval', " + string.Format(Placement, "parallel"));

    [Fact]
    public void ORCH0020_a_delay_in_a_debate_points_at_the_delay_seconds_argument() => Check(
        """
        [Workflow("w", Strategy = "debate")]
        [Step("pricer")]
        [Step(DelaySeconds = [|60|])]
        public static partial class W;
        """,
        "ORCH0020",
        "Step 2 of workflow 'w' delays the run, " + string.Format(Placement, "debate"));

    [Fact]
    public void ORCH0020_a_user_strategy_cannot_hold_a_delay_until_a_time() => Check(
        """
        using Orchestration.Strategies;
        [Strategy("round_robin")]
        public sealed class RoundRobin : ExecutionStrategy
        {
            public override ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken) => default;
        }

        [Workflow("w", Strategy = "round_robin")]
        [Step("drafter")]
        [Step(Until = [|nameof(Later)|])]
        public static partial class W
        {
            private static DateTimeOffset Later(Draft draft) => default;
        }
        """,
        "ORCH0020",
        "Step 2 of workflow 'w' delays the run, " + string.Format(Placement, "round_robin"));

    [Fact]
    public void ORCH0020_nesting_a_workflow_that_waits_points_at_the_workflow_argument_and_says_where_it_waits() => Check(
        """
        [Workflow("w", Strategy = "parallel")]
        [Step("proofreader")]
        [Step(Workflow = [|"approval"|])]
        public static partial class W;
        """,
        "ORCH0020",
        "Step 2 of workflow 'w' nests workflow 'approval', which waits for input request 'editor_approval', " + string.Format(Placement, "parallel"));

    [Fact]
    public void ORCH0020_a_wait_two_levels_down_is_found_through_every_level() => Check(
        """
        [Workflow("w", Strategy = "conditional")]
        [Step(Workflow = [|"reviewed"|], When = nameof(Urgent))]
        public static partial class W
        {
            private static bool Urgent(Draft draft) => true;
        }
        """,
        "ORCH0020",
        "Step 1 of workflow 'w' nests workflow 'reviewed', which nests workflow 'approval', which waits for input request 'editor_approval', " +
        string.Format(Placement, "conditional"));

    [Fact]
    public void ORCH0020_a_wait_as_a_branch_is_reported_as_misplaced_not_as_a_branch_without_a_condition() => Check(
        """
        [Workflow("w", Strategy = "conditional")]
        [Step(Await = [|"editor_approval"|])]
        [Step("proofreader")]
        public static partial class W;
        """,
        "ORCH0020",
        "Step 1 of workflow 'w' waits for input request 'editor_approval', " + string.Format(Placement, "conditional"));

    [Fact]
    public void ORCH0021_class_that_is_not_an_input_request() => Check(
        """
        [InputRequest("sign_off")]
        public sealed class [|SignOff|] { }
        """,
        "ORCH0021",
        "Input request 'sign_off' (SignOff) cannot be used: the class does not derive from Orchestration.InputRequest<TRequest, TResponse>");

    [Fact]
    public void ORCH0021_abstract_input_request_class() => Check(
        """
        [InputRequest("sign_off")]
        public abstract class [|SignOff|] : InputRequest<Draft, Decision>;
        """,
        "ORCH0021",
        "Input request 'sign_off' (SignOff) cannot be used: the class is abstract, so it cannot be created");

    [Fact]
    public void ORCH0021_generic_input_request_class() => Check(
        """
        [InputRequest("sign_off")]
        public sealed class [|SignOff|]<T> : InputRequest<T, Decision>;
        """,
        "ORCH0021",
        "Input request 'sign_off' (SignOff) cannot be used: the class is generic, so the generator cannot know its type arguments");

    [Fact]
    public void ORCH0021_input_request_class_without_a_usable_constructor() => Check(
        """
        [InputRequest("sign_off")]
        public sealed class [|SignOff|] : InputRequest<Draft, Decision>
        {
            private SignOff() { }
        }
        """,
        "ORCH0021",
        "Input request 'sign_off' (SignOff) cannot be used: the class has no public or internal constructor");

    [Fact]
    public void ORCH0021_private_input_request_class() => Check(
        """
        public static class Desk
        {
            [InputRequest("sign_off")]
            private sealed class [|SignOff|] : InputRequest<Draft, Decision>;
        }
        """,
        "ORCH0021",
        "Input request 'sign_off' (SignOff) cannot be used: 'SignOff' is private, so generated code cannot create it; make it internal or public");

    [Fact]
    public void ORCH0021_negative_deadline_points_at_its_argument() => Check(
        """
        [InputRequest("sign_off", DeadlineSeconds = [|-5|])]
        public sealed class SignOff : InputRequest<Draft, Decision>;
        """,
        "ORCH0021",
        "Input request 'sign_off' (SignOff) cannot be used: DeadlineSeconds cannot be negative (it is -5); use 0 for no deadline");

    [Fact]
    public void ORCH0006_a_wait_whose_request_does_not_take_the_previous_output_points_at_the_await_argument() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        [Step(Await = [|"editor_approval"|])]
        public static partial class W;
        """,
        "ORCH0006",
        "Step 2 'editor_approval' takes Draft but step 1 'pricer' produces Priced");

    [Fact]
    public void ORCH0006_the_step_after_a_wait_must_take_the_request_and_the_response() => Check(
        """
        [Workflow("w")]
        [Step("drafter")]
        [Step(Await = "editor_approval")]
        [Step([|"proofreader"|])]
        public static partial class W;
        """,
        "ORCH0006",
        "Step 3 'proofreader' takes Draft but step 2 'editor_approval' produces Answered<Draft, Decision>");

    [Fact]
    public void ORCH0006_a_delay_passes_on_what_reaches_it() => Check(
        """
        [Workflow("w")]
        [Step("pricer")]
        [Step(DelaySeconds = 60)]
        [Step([|"proofreader"|])]
        public static partial class W;
        """,
        "ORCH0006",
        "Step 3 'proofreader' takes Draft but step 2 'delay' produces Priced");

    [Fact]
    public void ORCH0007_nested_runs_a_workflow_not_a_wait() => Check(
        """
        [Workflow("w", Strategy = "nested")]
        [[|Step(Await = "editor_approval")|]]
        public static partial class W;
        """,
        "ORCH0007",
        "Workflow 'w' uses strategy 'nested', which runs one referenced workflow, but step 1 waits for an input request; use [Step(Workflow = \"id\")], or the sequential strategy to run agents");

    [Fact]
    public void ORCH0008_duplicate_input_request_id_is_reported_at_both_declarations_naming_the_other() => AnalyzerHarness.Verify(
        [
            ("Prefix.cs", Domain),
            ("Test.cs", AnalyzerHarness.Usings + """
                namespace Newsroom;

                [InputRequest({|#0:"legal_review"|})]
                public sealed class SecondLegalReview : InputRequest<Draft, Decision>;
                """),
        ],
        [
            new DiagnosticResult("ORCH0008", DiagnosticSeverity.Error).WithLocation("Prefix.cs", 40, 15)
                .WithMessage("Input request id 'legal_review' is declared more than once: also by Newsroom.SecondLegalReview at Test.cs(8,21); give each input request its own id"),
            AnalyzerHarness.At(0, "ORCH0008", "Input request id 'legal_review' is declared more than once: also by Newsroom.LegalReview at Prefix.cs(41,21); give each input request its own id"),
        ]);

    [Fact]
    public void ORCH0010_blank_input_request_id() => Check(
        """
        [InputRequest([|" "|])]
        public sealed class SignOff : InputRequest<Draft, Decision>;
        """,
        "ORCH0010",
        "The input request id ' ' of class SignOff is blank; it must be a non-empty constant string without surrounding whitespace");

    [Fact]
    public void ORCH0011_step_naming_a_template_and_a_wait() => Check(
        """
        [Workflow("w")]
        [[|Step("drafter", Await = "editor_approval")|]]
        public static partial class W;
        """,
        "ORCH0011",
        "Step 1 of workflow 'w' must name exactly one of a template ([Step(\"template_id\")]), a workflow ([Step(Workflow = \"workflow_id\")]), an input request to wait for ([Step(Await = \"request_id\")]) or a delay ([Step(DelaySeconds = 60)] or [Step(Until = nameof(Method))], not both)");

    [Fact]
    public void ORCH0011_delay_naming_both_a_duration_and_a_time() => Check(
        """
        [Workflow("w")]
        [Step("drafter")]
        [[|Step(DelaySeconds = 60, Until = nameof(Later))|]]
        public static partial class W
        {
            private static DateTimeOffset Later(Draft draft) => default;
        }
        """,
        "ORCH0011",
        "Step 2 of workflow 'w' must name exactly one of a template ([Step(\"template_id\")]), a workflow ([Step(Workflow = \"workflow_id\")]), an input request to wait for ([Step(Await = \"request_id\")]) or a delay ([Step(DelaySeconds = 60)] or [Step(Until = nameof(Method))], not both)");

    [Fact]
    public void ORCH0011_workflow_made_only_of_delays() => Check(
        """
        [Workflow("w")]
        [[|Step(DelaySeconds = 60)|]]
        [Step(DelaySeconds = 120)]
        public static partial class W;
        """,
        "ORCH0011",
        "Workflow 'w' is made only of delays: a delay passes its input on unchanged, so nothing gives the workflow an input or output type; add a step that runs a template or a workflow, or waits for an input request");

    [Fact]
    public void ORCH0016_delay_seconds_below_one_points_at_the_argument() => Check(
        """
        [Workflow("w")]
        [Step("drafter")]
        [Step(DelaySeconds = [|0|])]
        [Step("proofreader")]
        public static partial class W;
        """,
        "ORCH0016",
        "Workflow 'w' step 2: DelaySeconds must be at least 1 (it is 0); to wait until a time computed from the step's input, use Until = nameof(Method)");

    [Fact]
    public void ORCH0017_until_method_that_does_not_exist() => Check(
        """
        [Workflow("w")]
        [Step("drafter")]
        [Step(Until = [|"Later"|])]
        [Step("proofreader")]
        public static partial class W;
        """,
        "ORCH0017",
        "Workflow 'w' step 2: the workflow class has no method named 'Later'; declare static DateTimeOffset Later(Draft input) on the workflow class");

    [Fact]
    public void ORCH0017_until_method_that_is_not_static() => Check(
        """
        [Workflow("w")]
        [Step("drafter")]
        [Step(Until = [|nameof(Later)|])]
        public partial class W
        {
            private DateTimeOffset Later(Draft draft) => default;
        }
        """,
        "ORCH0017",
        "Workflow 'w' step 2: 'Later' is not static; declare static DateTimeOffset Later(Draft input) on the workflow class");

    [Fact]
    public void ORCH0017_until_method_taking_what_the_delay_does_not_receive() => Check(
        """
        [Workflow("w")]
        [Step("drafter")]
        [Step(Until = [|nameof(Later)|])]
        public static partial class W
        {
            private static DateTimeOffset Later(Order order) => default;
        }
        """,
        "ORCH0017",
        "Workflow 'w' step 2: 'Later' takes Order but the delay's input is Draft; declare static DateTimeOffset Later(Draft input) on the workflow class");

    [Fact]
    public void ORCH0017_until_method_not_returning_a_date_time_offset() => Check(
        """
        [Workflow("w")]
        [Step("drafter")]
        [Step(Until = [|nameof(Later)|])]
        public static partial class W
        {
            private static DateTime Later(Draft draft) => default;
        }
        """,
        "ORCH0017",
        "Workflow 'w' step 2: 'Later' must return System.DateTimeOffset, when the delay ends; declare static DateTimeOffset Later(Draft input) on the workflow class");

    [Fact]
    public void Valid_waits_delays_and_nested_waits_produce_no_diagnostic() => AnalyzerHarness.AssertNone(
    [
        (Domain, "Domain.cs"),
        (AnalyzerHarness.Usings + """
            namespace Newsroom;

            [Workflow("publishing")]
            [Step("drafter")]
            [Step(Await = "editor_approval")]
            [Step("publisher")]
            public static partial class Publishing;

            [Workflow("reviewed_publishing", Strategy = "nested_sequential")]
            [Step("drafter")]
            [Step(Workflow = "approval")]
            [Step("publisher")]
            public static partial class ReviewedPublishing;

            [Workflow("wrapped_approval", Strategy = "nested")]
            [Step(Workflow = "reviewed")]
            public static partial class WrappedApproval;

            [Workflow("scheduled", Strategy = "prompt_cached_sequential", CachedContext = "house style")]
            [Step(DelaySeconds = 60)]
            [Step("drafter")]
            [Step(DelaySeconds = 3600)]
            [Step(Until = nameof(Morning))]
            [Step("proofreader")]
            public static partial class Scheduled
            {
                private static DateTimeOffset Morning(object draft) => default;
            }

            [Workflow("legal_publishing")]
            [Step("drafter")]
            [Step(Await = RequestIds.LegalReview)]
            [Step("publisher")]
            public static partial class LegalPublishing;

            [Workflow("checks", Strategy = "parallel")]
            [Step("drafter")]
            [Step("pricer")]
            public static partial class Checks;
            """, "Valid.cs"),
    ]);
}
