using System;
using System.Collections.Generic;
using System.Threading;
using System.Linq;
using System.Threading.Tasks;

namespace Orchestration.Runtime.Tests;

public sealed class RetryTests
{
    private static OrchestrationRegistry Registry(AgentTemplate template)
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(template);
        registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent(template.Id)]));
        return registry;
    }

    private static AgentTemplate<string, string> Flaky(int failures, List<int> attempts, RetryPolicy retry) => new(
        "flaky", "role", typeof(TestAgents.DelegateAgent<string, string>),
        _ => new TestAgents.DelegateAgent<string, string>((input, context, _) =>
        {
            attempts.Add(context.Attempt);
            return context.Attempt <= failures ? throw new TimeoutException($"attempt {context.Attempt} lost") : ValueTask.FromResult(input + context.Attempt);
        }),
        retry: retry);

    [Fact]
    public async Task A_failing_agent_is_retried_with_backoff_until_it_succeeds()
    {
        var attempts = new List<int>();
        var registry = Registry(Flaky(2, attempts, new RetryPolicy(3, TimeSpan.FromMilliseconds(1))));

        var result = await registry.RunAsync("w", "x");

        Assert.Equal("x3", result.Output);
        Assert.Equal([1, 2, 3], attempts);
        Assert.Equal(3, result.Steps[0].Attempts);
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_failure_is_reported()
    {
        var attempts = new List<int>();
        var registry = Registry(Flaky(10, attempts, new RetryPolicy(2, TimeSpan.Zero)));

        var result = await registry.RunAsync("w", "x");

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal([1, 2], attempts);
        Assert.Equal(2, result.FailedStep!.Attempts);
        Assert.Equal("TimeoutException: attempt 2 lost", result.FailedStep.Error);
    }

    [Fact]
    public async Task A_cancelled_run_is_not_retried()
    {
        using var cancellation = new CancellationTokenSource();
        var attempts = 0;
        var registry = Registry(new AgentTemplate<string, string>(
            "slow", "role", typeof(TestAgents.DelegateAgent<string, string>),
            _ => new TestAgents.DelegateAgent<string, string>(async (input, _, token) =>
            {
                attempts++;
                cancellation.Cancel();
                await Task.Delay(TimeSpan.FromSeconds(10), token);
                return input;
            }),
            retry: new RetryPolicy(5, TimeSpan.Zero)));

        var result = await registry.RunAsync("w", "x", cancellationToken: cancellation.Token);

        Assert.Equal(WorkflowStatus.Cancelled, result.Status);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public void The_backoff_doubles_and_the_policy_is_validated()
    {
        var policy = new RetryPolicy(4, TimeSpan.FromMilliseconds(100));

        Assert.Equal([100, 200, 400], new[] { 2, 3, 4 }.Select(a => policy.DelayBefore(a).TotalMilliseconds));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(0, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(1, TimeSpan.FromMilliseconds(-1)));
    }
}
