using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration.Runtime.Tests;

/// <summary>
/// The loop strategies on the dynamic path (hand-registered definitions): <c>for_each</c> keeps the items' order,
/// bounds how many run at once and fails at the first item that failed; <c>repeat_until</c> stops when its condition
/// holds and is exhausted at its bound; registration refuses loops that cannot run, with the reason.
/// </summary>
public sealed class LoopTests
{
    [Fact]
    public async Task For_each_runs_its_step_per_item_and_returns_the_results_in_the_items_order()
    {
        var registry = new OrchestrationRegistry();
        var handoffs = new List<LoopIteration>();
        registry.Templates.Register(TestAgents.Template<string, int>("measure", (word, context, _) =>
        {
            lock (handoffs)
            {
                handoffs.Add((LoopIteration)context.Handoff!);
            }

            return ValueTask.FromResult(word.Length);
        }));
        registry.Workflows.Register(new WorkflowDefinition("measure_all", StrategyNames.ForEach, [WorkflowStep.Agent("measure")]));

        var result = await registry.RunAsync("measure_all", new[] { "a", "abc", "ab" });

        Assert.Equal(WorkflowStatus.Completed, result.Status);
        Assert.Equal(new object?[] { 1, 3, 2 }, Assert.IsType<object?[]>(result.Output));
        Assert.Equal([new LoopIteration(1, 3), new LoopIteration(2, 3), new LoopIteration(3, 3)], handoffs);
    }

    [Fact]
    public async Task A_bounded_for_each_never_runs_more_items_at_once_than_its_bound_and_keeps_the_order()
    {
        var registry = new OrchestrationRegistry();
        var (running, most) = (0, 0);
        registry.Templates.Register(TestAgents.Template<int, int>("slow_square", async (n, _, token) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(10 * (8 - n), token);
            Interlocked.Decrement(ref running);
            return n * n;
        }));
        registry.Strategies.Register("each_three", new ForEachStrategy(maxParallelism: 3), StrategyShape.ForEach);
        registry.Workflows.Register(new WorkflowDefinition("squares", "each_three", [WorkflowStep.Agent("slow_square")]));

        var result = await registry.RunAsync("squares", Enumerable.Range(1, 7).ToList());

        Assert.Equal(WorkflowStatus.Completed, result.Status);
        Assert.Equal(Enumerable.Range(1, 7).Select(n => (object?)(n * n)), Assert.IsType<object?[]>(result.Output));
        Assert.InRange(most, 2, 3);
    }

    [Fact]
    public async Task For_each_fails_at_the_first_item_that_failed_and_says_which()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("shout", word => word == "bad" ? throw new InvalidOperationException("cannot shout 'bad'") : word.ToUpperInvariant()));
        registry.Workflows.Register(new WorkflowDefinition("shout_all", StrategyNames.ForEach, [WorkflowStep.Agent("shout")]));

        var failed = await registry.RunAsync("shout_all", new[] { "ok", "bad", "fine" });
        var notItems = await registry.RunAsync("shout_all", 42);

        Assert.Equal(WorkflowStatus.Failed, failed.Status);
        Assert.Contains("cannot shout 'bad'", failed.Errors[0]);
        Assert.Equal(WorkflowStatus.Failed, notItems.Status);
        Assert.Contains("the input of for_each workflow 'shout_all' is System.Int32, not a collection of items", notItems.Errors[0]);
    }

    [Fact]
    public async Task A_for_each_given_no_collection_fails_and_says_so()
    {
        var shout = TestAgents.Sync<string, string>("shout", s => s.ToUpperInvariant());
        var each = new WorkflowDefinition<IReadOnlyList<string>, IReadOnlyList<string>>("shout_each", StrategyNames.ForEach, [WorkflowStep.Agent("shout")],
            (items, run, token) => ForEach.RunAsync(run, items, static items => items, "the input",
                (run, item, iteration, token) => run.RunAgentAsync(1, shout, item, iteration, token), 1, token));

        var result = await WorkflowRun.RunAsync(each, null!);

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal("step 1 'shout': the input gave no collection of items (null); give an empty one when there is nothing to do", result.Errors[0]);
    }

    [Fact]
    public async Task Repeat_until_repeats_on_its_own_output_until_the_condition_holds_or_is_exhausted_at_its_bound()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<int, int>("halve", n => n / 2));
        registry.Workflows.Register(new WorkflowDefinition("halve_to_one", StrategyNames.RepeatUntil,
            [WorkflowStep.Agent("halve").When(value => (int)value! <= 1)]));

        var done = await registry.RunAsync("halve_to_one", 6);
        var exhausted = await registry.RunAsync("halve_to_one", 1000);

        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(new Repeated<object?>(1, 2), done.Output);
        Assert.Equal(WorkflowStatus.Exhausted, exhausted.Status);
        Assert.Equal("step 1 'halve': repeat_until exhausted: the condition did not hold after 3 iteration(s)", exhausted.Errors[0]);
    }

    [Fact]
    public void Registration_refuses_loops_that_cannot_run_and_says_why()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<int, int>("halve", n => n / 2));
        registry.Templates.Register(TestAgents.Sync<int, string>("spell", n => n.ToString()));

        var twoSteps = Assert.Throws<ArgumentException>(() => registry.Workflows.Register(
            new WorkflowDefinition("each_two", StrategyNames.ForEach, [WorkflowStep.Agent("halve"), WorkflowStep.Agent("halve")])));
        var noCondition = Assert.Throws<ArgumentException>(() => registry.Workflows.Register(
            new WorkflowDefinition("forever", StrategyNames.RepeatUntil, [WorkflowStep.Agent("halve")])));
        var changesType = Assert.Throws<ArgumentException>(() => registry.Workflows.Register(
            new WorkflowDefinition("respell", StrategyNames.RepeatUntil, [WorkflowStep.Agent("spell").When(_ => true)])));

        Assert.StartsWith("Workflow 'each_two' uses strategy 'for_each', which needs exactly 1 step, run once per item (an agent, or a workflow for several steps), but it has 2.", twoSteps.Message);
        Assert.StartsWith("Workflow 'forever' uses strategy 'repeat_until' but gives no condition: declare its step with WorkflowStep.When(output => ...), the condition that ends the loop.", noCondition.Message);
        Assert.StartsWith("Workflow 'respell': Step 1 'spell' (the repeated step) takes int but produces string; each output is the next iteration's input, so it must take and produce the same type.", changesType.Message);
    }

    [Fact]
    public void Registration_refuses_a_wait_a_loop_cannot_hold_in_the_builds_words()
    {
        var registry = new OrchestrationRegistry();
        var signOff = new InputRequestDefinition<string, bool>("sign_off");
        registry.Workflows.Register(new WorkflowDefinition("sign_one", StrategyNames.Sequential, [WorkflowStep.Await(signOff)]));
        registry.Strategies.Register("each_three", new ForEachStrategy(maxParallelism: 3), StrategyShape.ForEach);

        var direct = Assert.Throws<ArgumentException>(() => registry.Workflows.Register(
            new WorkflowDefinition("sign_each", StrategyNames.ForEach, [WorkflowStep.Await(signOff)])));
        var parallel = Assert.Throws<ArgumentException>(() => registry.Workflows.Register(
            new WorkflowDefinition("sign_all", "each_three", [WorkflowStep.Workflow("sign_one")])));
        registry.Workflows.Register(new WorkflowDefinition("sign_in_turn", StrategyNames.ForEach, [WorkflowStep.Workflow("sign_one")]));

        Assert.StartsWith("Step 1 of workflow 'sign_each' waits for input request 'sign_off', but the step a for_each repeats must run an agent or a workflow; put the wait in a sequential workflow and repeat that.", direct.Message);
        // A loop strategy registered under a name of its own runs items its own way: it cannot hold a wait (only the
        // built-in for_each and repeat_until, one item at a time, can).
        Assert.StartsWith("Step 1 of workflow 'sign_all' nests workflow 'sign_one', which waits for input request 'sign_off', but strategy 'each_three' cannot hold a wait", parallel.Message);
    }

    [Fact]
    public async Task A_repeat_until_strategy_may_bring_its_own_condition()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<int, int>("add_three", n => n + 3));
        registry.Strategies.Register("until_ten", new RepeatUntilStrategy(maxIterations: 10, until: value => (int)value! >= 10), StrategyShape.RepeatUntil);
        registry.Workflows.Register(new WorkflowDefinition("count_up", "until_ten", [WorkflowStep.Agent("add_three")]));

        var result = await registry.RunAsync("count_up", 0);

        Assert.Equal(new Repeated<object?>(12, 4), result.Output);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
