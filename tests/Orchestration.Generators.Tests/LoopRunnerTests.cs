using System.Threading.Tasks;
using Xunit;

namespace Orchestration.Generators.Tests;

/// <summary>
/// Generated runners of the loop strategies, compiled and run: <c>for_each</c> (one after another and bounded parallel,
/// over the input or over what an <c>Items</c> method gives) and <c>repeat_until</c>; each resumed at the iteration that
/// failed, with the iterations that completed restored from the records, not run again.
/// </summary>
public sealed class LoopRunnerTests
{
    [Fact]
    public async Task A_for_each_runs_its_step_per_item_in_order_and_resumes_at_the_item_that_failed()
    {
        var source = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Orchestration;
            using Orchestration.Records;

            namespace Docs;

            public static class Counts
            {
                public static readonly List<string> Reviewed = new();
                public static bool Broken = true;
            }

            [AgentTemplate("chapter_reviewer")]
            public sealed class ChapterReviewer : IAgent<string, int>
            {
                public ValueTask<int> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    var iteration = (LoopIteration)context.Handoff!;
                    Counts.Reviewed.Add($"{input}@{iteration.Number}/{iteration.Bound}");
                    if (Counts.Broken && input == "gamma")
                    {
                        throw new IOException("model went away");
                    }

                    return ValueTask.FromResult(input.Length);
                }
            }

            [Workflow("review_chapters", Strategy = "for_each")]
            [Step("chapter_reviewer")]
            public static partial class ReviewChapters
            {
                public static async Task<string> Probe(string root)
                {
                    using var store = new FileRunStore(root);
                    var options = new WorkflowRunOptions { RunId = "each", Store = store };
                    IReadOnlyList<string> chapters = new[] { "alpha", "be", "gamma", "delta" };
                    var first = await RunAsync(chapters, options: options);
                    var before = string.Join(",", Counts.Reviewed);
                    Counts.Reviewed.Clear();
                    Counts.Broken = false;
                    var resumed = await ResumeAsync("each", null, options);
                    var paths = string.Join(",", store.ReadSteps("each").Select(s => $"{s.Path}:{s.Status}"));
                    var empty = await RunAsync(Array.Empty<string>());
                    return $"{first.Status} {before} | {resumed.Status} [{string.Join(",", resumed.Output)}] ran {string.Join(",", Counts.Reviewed)} | {paths} | empty {empty.Status} {empty.Output.Count}";
                }
            }
            """;
        var summary = await GeneratorHarness.ProbeWithStore(source, "Docs.ReviewChapters");

        Assert.Equal(
            "Failed alpha@1/4,be@2/4,gamma@3/4 | Completed [5,2,5,5] ran gamma@3/4,delta@4/4 | " +
            "review_chapters[1]:completed,review_chapters[2]:completed,review_chapters[3]:failed,review_chapters[3]:completed,review_chapters[4]:completed | empty Completed 0",
            summary);
    }

    [Fact]
    public async Task A_parallel_for_each_over_a_nested_workflow_keeps_the_items_order_and_restores_each_items_own_steps()
    {
        // Items finish out of order (later items are quicker); each item runs a two-step workflow. The first run fails at
        // item 2's second step; the resume must restore items 1, 3 and 4 whole and item 2's first step, whatever order
        // their records were written in.
        var source = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Orchestration;
            using Orchestration.Records;

            namespace Build;

            public sealed record Plan(string Name, IReadOnlyList<int> Tasks);

            public static class Counts
            {
                public static int Compiles, Tests;
                public static bool Broken = true;
            }

            [AgentTemplate("compile_task")]
            public sealed class CompileTask : IAgent<int, string>
            {
                public async ValueTask<string> RunAsync(int input, AgentContext context, CancellationToken cancellationToken)
                {
                    Interlocked.Increment(ref Counts.Compiles);
                    await Task.Delay(40 * (5 - input), cancellationToken);
                    return "built" + input;
                }
            }

            [AgentTemplate("test_task")]
            public sealed class TestTask : IAgent<string, string>
            {
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    Interlocked.Increment(ref Counts.Tests);
                    if (Counts.Broken && input == "built2")
                    {
                        throw new IOException("runner crashed");
                    }

                    return ValueTask.FromResult(input + "+tested");
                }
            }

            [Workflow("do_task")]
            [Step("compile_task")]
            [Step("test_task")]
            public static partial class DoTask;

            [Workflow("do_plan", Strategy = "for_each", Items = nameof(TasksOf), MaxParallelism = 4, Description = "every task of a plan")]
            [Step(Workflow = "do_task")]
            public static partial class DoPlan
            {
                public static IEnumerable<int> TasksOf(Plan plan) => plan.Tasks;

                public static async Task<string> Probe(string root)
                {
                    using var store = new FileRunStore(root);
                    var options = new WorkflowRunOptions { RunId = "plan", Store = store, FailurePolicy = FailurePolicy.ContinueOnError };
                    var first = await RunAsync(new Plan("p", new[] { 1, 2, 3, 4 }), options: options);
                    var before = $"{Counts.Compiles}/{Counts.Tests}";
                    Counts.Broken = false;
                    var resumed = await ResumeAsync("plan", null, options);
                    var during = $"{Counts.Compiles}/{Counts.Tests}";
                    var paths = store.ReadSteps("plan").Select(s => s.Path).Distinct().OrderBy(p => p, StringComparer.Ordinal);
                    return $"{first.Status} {before} | {resumed.Status} [{string.Join(",", resumed.Output)}] {during} | {string.Join(",", paths)}";
                }
            }
            """;
        var summary = await GeneratorHarness.ProbeWithStore(source, "Build.DoPlan");

        Assert.Equal(
            "Failed 4/4 | Completed [built1+tested,built2+tested,built3+tested,built4+tested] 4/5 | " +
            "do_plan[1],do_plan[1]/do_task,do_plan[2],do_plan[2]/do_task,do_plan[3],do_plan[3]/do_task,do_plan[4],do_plan[4]/do_task",
            summary);
    }

    [Fact]
    public async Task A_repeat_until_repeats_until_its_condition_holds_is_exhausted_at_its_bound_and_resumes_at_the_failed_iteration()
    {
        var source = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Orchestration;
            using Orchestration.Records;

            namespace Fix;

            public sealed record Attempt(int Failures, int Round);

            public static class Counts
            {
                public static int Runs;
                public static bool Broken = true;
            }

            [AgentTemplate("fixer")]
            public sealed class Fixer : IAgent<Attempt, Attempt>
            {
                public ValueTask<Attempt> RunAsync(Attempt input, AgentContext context, CancellationToken cancellationToken)
                {
                    Counts.Runs++;
                    var iteration = (LoopIteration)context.Handoff!;
                    if (Counts.Broken && iteration.Number == 3)
                    {
                        throw new IOException("tool crashed");
                    }

                    return ValueTask.FromResult(new Attempt(input.Failures - 1, iteration.Number));
                }
            }

            [Workflow("fix_until_green", Strategy = "repeat_until", Until = nameof(Green), MaxIterations = 5)]
            [Step("fixer")]
            public static partial class FixUntilGreen
            {
                public static bool Green(Attempt attempt) => attempt.Failures <= 0;

                public static async Task<string> Probe(string root)
                {
                    using var store = new FileRunStore(root);
                    var options = new WorkflowRunOptions { RunId = "fix", Store = store };
                    var first = await RunAsync(new Attempt(4, 0), options: options);
                    var before = Counts.Runs;
                    Counts.Broken = false;
                    var resumed = await ResumeAsync("fix", null, options);
                    var during = Counts.Runs;
                    var exhausted = await RunAsync(new Attempt(9, 0));
                    return $"{first.Status} {before} | {resumed.Status} {resumed.Output.Output} in {resumed.Output.Iterations} ran {during - before} | {exhausted.Status} {exhausted.Errors[0]}";
                }
            }
            """;
        var summary = await GeneratorHarness.ProbeWithStore(source, "Fix.FixUntilGreen");

        Assert.Equal(
            "Failed 3 | Completed Attempt { Failures = 0, Round = 4 } in 4 ran 2 | " +
            "Exhausted step 1 'fixer': repeat_until exhausted: Green did not hold after 5 iteration(s)",
            summary);
    }

    [Fact]
    public async Task A_for_each_waits_for_a_person_item_by_item_and_each_answer_continues_the_run()
    {
        // The repeated workflow drafts, waits for an editor's decision and publishes: the run stops at item 1's wait,
        // the answer continues it to item 2's wait (item 1 restored, not drafted again), the next answer completes it.
        var source = """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Orchestration;
            using Orchestration.Records;

            namespace Desk;

            public sealed record Draft(string Title);
            public sealed record Decision(bool Approved);
            public sealed record Published(string Text);

            public static class Counts
            {
                public static int Drafts;
            }

            [AgentTemplate("drafter")]
            public sealed class Drafter : IAgent<string, Draft>
            {
                public ValueTask<Draft> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    Counts.Drafts++;
                    return ValueTask.FromResult(new Draft(input));
                }
            }

            [InputRequest("editor_decision")]
            public sealed class EditorDecision : InputRequest<Draft, Decision>;

            [AgentTemplate("publisher")]
            public sealed class Publisher : IAgent<Answered<Draft, Decision>, Published>
            {
                public ValueTask<Published> RunAsync(Answered<Draft, Decision> input, AgentContext context, CancellationToken cancellationToken) =>
                    ValueTask.FromResult(new Published(input.Request.Title + (input.Response.Approved ? " approved" : " rejected")));
            }

            [Workflow("publish_one")]
            [Step("drafter")]
            [Step(Await = "editor_decision")]
            [Step("publisher")]
            public static partial class PublishOne;

            [Workflow("publish_each", Strategy = "for_each")]
            [Step(Workflow = "publish_one")]
            public static partial class PublishEach
            {
                public static async Task<string> Probe(string root)
                {
                    using var store = new FileRunStore(root);
                    var options = new WorkflowRunOptions { RunId = "desk", Store = store };
                    var first = await RunAsync(new[] { "rain", "snow" }, options: options);
                    var firstWait = first.Wait!.Path;
                    var second = await RespondAsync("desk", new Decision(true), null, options);
                    var secondWait = second.Wait!.Path;
                    var done = await RespondAsync("desk", new Decision(false), null, options);
                    return $"{first.Status} at {firstWait} | {second.Status} at {secondWait} | {done.Status} [{string.Join(", ", done.Output!.Select(p => p.Text))}] drafts={Counts.Drafts}";
                }
            }
            """;
        var summary = await GeneratorHarness.ProbeWithStore(source, "Desk.PublishEach");

        Assert.Equal(
            "Waiting at publish_each[1]/publish_one | Waiting at publish_each[2]/publish_one | Completed [rain approved, snow rejected] drafts=2",
            summary);
    }
}
