namespace Orchestration.Analyzers.Tests;

/// <summary>
/// The loop strategies' rules (<c>for_each</c>, <c>repeat_until</c>): arity, the body's types, the <c>Items</c> and
/// <c>Until</c> methods' signatures and the bounds, each at the argument that is wrong; and valid loops stay clean.
/// </summary>
public sealed class LoopRuleTests
{
    private const string Usings = AnalyzerHarness.Usings + "using System.Collections.Generic;\nusing System.Linq;\n";

    private const string Domain = Usings + """
        namespace Loops;

        public sealed record Chapter(string Title);
        public sealed record Review(int Score);
        public sealed record Book(IReadOnlyList<Chapter> Chapters);
        public sealed record Attempt(int Failures);

        [AgentTemplate("reviewer")]
        public sealed class Reviewer : IAgent<Chapter, Review>
        {
            public ValueTask<Review> RunAsync(Chapter input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Review(1));
        }

        [AgentTemplate("fixer")]
        public sealed class Fixer : IAgent<Attempt, Attempt>
        {
            public ValueTask<Attempt> RunAsync(Attempt input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input with { Failures = input.Failures - 1 });
        }
        """;

    private static void Check(string markup, string id, string message) =>
        AnalyzerHarness.AssertSingle(Usings + "namespace Loops;\n" + markup, id, message, Domain);

    [Fact]
    public void ORCH0007_for_each_needs_exactly_one_step() => Check(
        """
        [[|Workflow("w", Strategy = "for_each")|]]
        [Step("reviewer")]
        [Step("reviewer")]
        public static partial class W;
        """,
        "ORCH0007",
        "Workflow 'w' uses strategy 'for_each', which needs exactly 1 step, run once per item (an agent, or a workflow for several steps), but it has 2");

    [Fact]
    public void ORCH0017_items_method_that_does_not_exist() => Check(
        """
        [Workflow("w", Strategy = "for_each", Items = [|"ChaptersOf"|])]
        [Step("reviewer")]
        public static partial class W;
        """,
        "ORCH0017",
        "Workflow 'w': the workflow class has no method named 'ChaptersOf'; declare static IEnumerable<Chapter> ChaptersOf(TInput input) on the workflow class");

    [Fact]
    public void ORCH0017_items_method_that_returns_no_collection() => Check(
        """
        [Workflow("w", Strategy = "for_each", Items = [|nameof(ChaptersOf)|])]
        [Step("reviewer")]
        public static partial class W
        {
            public static Chapter ChaptersOf(Book book) => book.Chapters[0];
        }
        """,
        "ORCH0017",
        "Workflow 'w': 'ChaptersOf' returns Loops.Chapter, which is not a collection (IEnumerable<T>) of items; declare static IEnumerable<Chapter> ChaptersOf(TInput input) on the workflow class");

    [Fact]
    public void ORCH0017_items_of_a_type_the_step_does_not_take() => Check(
        """
        [Workflow("w", Strategy = "for_each", Items = [|nameof(TitlesOf)|])]
        [Step("reviewer")]
        public static partial class W
        {
            public static IEnumerable<string> TitlesOf(Book book) => book.Chapters.Select(c => c.Title);
        }
        """,
        "ORCH0017",
        "Workflow 'w': 'TitlesOf' gives items of type string but step 1 'reviewer' takes Chapter; declare static IEnumerable<Chapter> TitlesOf(TInput input) on the workflow class");

    [Fact]
    public void ORCH0016_max_parallelism_below_one() => Check(
        """
        [Workflow("w", Strategy = "for_each", MaxParallelism = [|-2|])]
        [Step("reviewer")]
        public static partial class W;
        """,
        "ORCH0016",
        "Workflow 'w': MaxParallelism must be at least 1 (it is -2); it bounds how many items run at once (1: one after another)");

    [Fact]
    public void ORCH0016_max_parallelism_on_a_strategy_that_does_not_loop_over_items() => Check(
        """
        [Workflow("w", MaxParallelism = [|4|])]
        [Step("reviewer")]
        public static partial class W;
        """,
        "ORCH0016",
        "Workflow 'w': MaxParallelism is only used by the for_each strategy, not by 'sequential'; remove it");

    [Fact]
    public void ORCH0016_items_on_a_strategy_that_does_not_loop_over_items() => Check(
        """
        [Workflow("w", Strategy = "repeat_until", Until = nameof(Done), Items = [|"ChaptersOf"|])]
        [Step("fixer")]
        public static partial class W
        {
            public static bool Done(Attempt attempt) => attempt.Failures == 0;
        }
        """,
        "ORCH0016",
        "Workflow 'w': Items is only used by the for_each strategy, not by 'repeat_until'; remove it");

    [Fact]
    public void ORCH0016_repeat_until_without_its_condition() => Check(
        """
        [[|Workflow("w", Strategy = "repeat_until", MaxIterations = 5)|]]
        [Step("fixer")]
        public static partial class W;
        """,
        "ORCH0016",
        "Workflow 'w' uses strategy 'repeat_until' but has no Until: name the static method that says when the loop ends, [Workflow(..., Until = nameof(Done))] with static bool Done(T output) on the workflow class");

    [Fact]
    public void ORCH0016_until_on_a_strategy_that_does_not_repeat() => Check(
        """
        [Workflow("w", Strategy = "for_each", Until = [|"Done"|])]
        [Step("reviewer")]
        public static partial class W;
        """,
        "ORCH0016",
        "Workflow 'w': Until is only used by the repeat_until strategy, not by 'for_each'; remove it (to delay a step until a time, put Until on the [Step])");

    [Fact]
    public void ORCH0016_repeat_until_bound_below_one() => Check(
        """
        [Workflow("w", Strategy = "repeat_until", Until = nameof(Done), MaxIterations = [|-1|])]
        [Step("fixer")]
        public static partial class W
        {
            public static bool Done(Attempt attempt) => attempt.Failures == 0;
        }
        """,
        "ORCH0016",
        "Workflow 'w': MaxIterations must be at least 1 (it is -1); it bounds how many times the step repeats");

    [Fact]
    public void ORCH0017_until_with_the_wrong_signature() => Check(
        """
        [Workflow("w", Strategy = "repeat_until", Until = [|nameof(Done)|])]
        [Step("fixer")]
        public static partial class W
        {
            public static bool Done(Review review) => review.Score > 3;
        }
        """,
        "ORCH0017",
        "Workflow 'w': 'Done' takes Review but step 1 'fixer' produces Attempt; declare static bool Done(Attempt output) on the workflow class");

    [Fact]
    public void ORCH0017_until_that_is_not_static() => Check(
        """
        [Workflow("w", Strategy = "repeat_until", Until = [|nameof(Done)|])]
        [Step("fixer")]
        public partial class W
        {
            public bool Done(Attempt attempt) => attempt.Failures == 0;
        }
        """,
        "ORCH0017",
        "Workflow 'w': 'Done' is not static; declare static bool Done(Attempt output) on the workflow class");

    [Fact]
    public void ORCH0006_repeated_step_must_take_what_it_produces() => Check(
        """
        [Workflow("w", Strategy = "repeat_until", Until = nameof(Done))]
        [Step([|"reviewer"|])]
        public static partial class W
        {
            public static bool Done(Review review) => review.Score > 3;
        }
        """,
        "ORCH0006",
        "Step 1 'reviewer' (the repeated step) takes Chapter but produces Review; each output is the next iteration's input, so it must take and produce the same type");

    [Fact]
    public void ORCH0016_when_on_a_repeated_step_points_to_until() => Check(
        """
        [Workflow("w", Strategy = "repeat_until", Until = nameof(Done))]
        [Step("fixer", When = [|nameof(Done)|])]
        public static partial class W
        {
            public static bool Done(Attempt attempt) => attempt.Failures == 0;
        }
        """,
        "ORCH0016",
        "Workflow 'w' step 1: When is only used by the conditional and multi_conditional strategies, not by 'repeat_until'; remove it (the condition that ends a repeat_until goes on the [Workflow]: Until = nameof(Done))");

    [Fact]
    public void ORCH0006_a_for_each_output_feeds_a_chain_as_a_list() => Check(
        """
        [Workflow("review_all", Strategy = "for_each")]
        [Step("reviewer")]
        public static partial class ReviewAll;

        [Workflow("w", Strategy = "nested_sequential")]
        [Step(Workflow = "review_all")]
        [Step([|"fixer"|])]
        public static partial class W;
        """,
        "ORCH0006",
        "Step 2 'fixer' takes Attempt but step 1 'review_all' produces IReadOnlyList<Review>");

    [Fact]
    public void ORCH0020_a_loop_repeating_a_wait_itself() => Check(
        """
        [InputRequest("sign_off")]
        public sealed class SignOff : InputRequest<Chapter, bool>;

        [Workflow("w", Strategy = "for_each")]
        [Step(Await = [|"sign_off"|])]
        public static partial class W;
        """,
        "ORCH0020",
        "Step 1 of workflow 'w' waits for input request 'sign_off', but the step a for_each repeats must run an agent or a workflow; put the wait in a sequential workflow and repeat that");

    [Fact]
    public void ORCH0020_parallel_items_whose_workflow_waits() => Check(
        """
        [InputRequest("sign_off")]
        public sealed class SignOff : InputRequest<Chapter, bool>;

        [Workflow("sign_one")]
        [Step(Await = "sign_off")]
        public static partial class SignOne;

        [Workflow("w", Strategy = "for_each", MaxParallelism = 3)]
        [Step(Workflow = [|"sign_one"|])]
        public static partial class W;
        """,
        "ORCH0020",
        "Step 1 of workflow 'w' nests workflow 'sign_one', which waits for input request 'sign_off', but its items run in parallel (MaxParallelism above 1), and a run can wait for one thing at a time; set MaxParallelism = 1 to wait item by item");

    [Fact]
    public void Valid_loops_produce_no_diagnostic() => AnalyzerHarness.AssertNone(
    [
        (Domain, "Domain.cs"),
        (Usings + """
            namespace Loops;

            public sealed record Summary(int Count);

            [AgentTemplate("summarizer")]
            public sealed class Summarizer : IAgent<IEnumerable<Review>, Summary>
            {
                public ValueTask<Summary> RunAsync(IEnumerable<Review> input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Summary(input.Count()));
            }

            [Workflow("review_all", Strategy = "for_each", MaxParallelism = 4)]
            [Step("reviewer")]
            public static partial class ReviewAll;

            [Workflow("review_book", Strategy = "for_each", Items = nameof(ChaptersOf))]
            [Step(Workflow = "review_all_one")]
            public static partial class ReviewBook
            {
                public static List<Chapter> ChaptersOf(Book book) => book.Chapters.ToList();
            }

            [Workflow("review_all_one")]
            [Step("reviewer")]
            public static partial class ReviewOne;

            [Workflow("review_and_sum", Strategy = "nested_sequential")]
            [Step(Workflow = "review_all")]
            [Step("summarizer")]
            public static partial class ReviewAndSum;

            [Workflow("fix", Strategy = "repeat_until", Until = nameof(Green), MaxIterations = 5)]
            [Step("fixer")]
            public static partial class Fix
            {
                public static bool Green(Attempt attempt) => attempt.Failures <= 0;
            }

            public static class Use
            {
                public static async Task<int> Run(Book book)
                {
                    IReadOnlyList<Review> reviews = (await ReviewBook.RunAsync(book)).Output!;
                    Repeated<Attempt> fixedAttempt = (await Fix.RunAsync(new Attempt(3))).Output!;
                    return reviews.Count + fixedAttempt.Iterations;
                }
            }
            """, "Valid.cs"),
    ]);
}
