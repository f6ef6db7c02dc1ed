using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Runtime.Tests;

/// <summary>
/// Agents that block their thread without yielding cannot be stopped or left early; their step must still be reported
/// honestly when a limit passed while they held it.
/// </summary>
public sealed class BlockingAgentTests
{
    private static (OrchestrationRegistry Registry, int[] Calls) Blocking(TimeSpan block, int timeoutSeconds = 300)
    {
        var calls = new int[1];
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Template<string, string>(
            "blocker",
            (input, _, _) =>
            {
                calls[0]++;
                Thread.Sleep(block);
                return ValueTask.FromResult(input + " done");
            },
            timeoutSeconds: timeoutSeconds));
        registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("blocker")]));
        return (registry, calls);
    }

    [Fact]
    public async Task An_agent_that_blocks_past_its_timeout_is_reported_timed_out_not_completed()
    {
        var (registry, _) = Blocking(TimeSpan.FromMilliseconds(1300), timeoutSeconds: 1);

        var result = await registry.RunAsync("w", "x");

        Assert.Equal(WorkflowStatus.TimedOut, result.Status);
        Assert.Equal(StepStatus.TimedOut, result.FailedStep!.Status);
        Assert.Matches(
            @"^agent 'blocker' blocked its thread for 1\.\d+ s without yielding, and its timeout of 1 s passed meanwhile; its output was discarded\. " +
            "An agent that blocks cannot be stopped or left early: await asynchronous work instead, so that timeouts and cancellation take effect on time$",
            result.FailedStep.Error);
    }

    [Fact]
    public async Task An_agent_that_blocks_past_the_run_timeout_is_reported_timed_out()
    {
        var (registry, _) = Blocking(TimeSpan.FromMilliseconds(400));

        var result = await registry.RunAsync("w", "x", options: new WorkflowRunOptions { Timeout = TimeSpan.FromMilliseconds(100) });

        Assert.Equal(WorkflowStatus.TimedOut, result.Status);
        Assert.Contains("and the run timed out after 0.1 s meanwhile; its output was discarded.", result.FailedStep!.Error);
    }

    [Fact]
    public async Task An_agent_that_blocks_while_the_run_is_cancelled_is_reported_cancelled()
    {
        var (registry, _) = Blocking(TimeSpan.FromMilliseconds(400));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var result = await registry.RunAsync("w", "x", cancellationToken: cancel.Token);

        Assert.Equal(WorkflowStatus.Cancelled, result.Status);
        Assert.Contains("and the run was cancelled meanwhile; its output was discarded.", result.FailedStep!.Error);
    }

    [Fact]
    public async Task A_timeout_counts_the_time_an_agent_blocked_before_it_yielded()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Template<string, string>(
            "mixed",
            async (input, _, token) =>
            {
                Thread.Sleep(2500);
                await Task.Delay(TimeSpan.FromMinutes(1), token);
                return input;
            },
            timeoutSeconds: 3));
        registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("mixed")]));

        var stopwatch = Stopwatch.StartNew();
        var result = await registry.RunAsync("w", "x");

        Assert.Equal(WorkflowStatus.TimedOut, result.Status);
        // From the start the limit is 3 s; a timer armed at the first yield would have let it run 5.5 s.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4.5), $"took {stopwatch.Elapsed}: the timer ran from the first yield, not from the start");
    }

    [Fact]
    public async Task A_blocking_agent_within_its_limits_completes()
    {
        var (registry, calls) = Blocking(TimeSpan.FromMilliseconds(20), timeoutSeconds: 5);

        var result = await registry.RunAsync("w", "x");

        Assert.Equal(("x done", 1), (result.OutputValue, calls[0]));
    }
}
