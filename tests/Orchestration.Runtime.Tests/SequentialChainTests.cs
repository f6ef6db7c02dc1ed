using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Orchestration.Runtime.Tests;

/// <summary>The chain definitions generated workflows of up to eight steps are made of.</summary>
public class SequentialChainTests
{
    private static readonly AgentTemplate<string, string> Upper = TestAgents.Sync<string, string>("upper", s => s.ToUpperInvariant());
    private static readonly AgentTemplate<string, int> Length = TestAgents.Sync<string, int>("length", s => s.Length);

    [Fact]
    public async Task A_chain_lists_its_steps_and_runs_them_in_order_on_what_the_one_before_gave()
    {
        var inner = SequentialChain.Define("inner", "sequential", null, 3, null, null, Upper);
        var chain = SequentialChain.Define(
            "outer", "sequential", "shout, wait, count", 3, null, null,
            inner,
            ChainStep.DelayUntil<string>("Now", _ => DateTimeOffset.UnixEpoch),
            Length);

        Assert.Equal(["Workflow:inner", "Timer:delay", "Agent:length"], chain.Steps.Select(s => $"{s.Kind}:{s.TargetId}"));
        Assert.Same(inner, chain.Steps[0].Definition);
        Assert.Equal("Now", chain.Steps[1].UntilName);
        Assert.Equal(DateTimeOffset.UnixEpoch, chain.Steps[1].Until!("anything"));

        var result = await WorkflowRun.RunAsync(chain, "abc", null, null, CancellationToken.None);

        Assert.Equal(WorkflowStatus.Completed, result.Status);
        Assert.Equal(3, result.Output);
        Assert.Equal("ABC", result.Steps[0].Nested!.Steps[0].OutputValue);
    }

    [Fact]
    public async Task The_first_step_that_fails_ends_the_run_and_later_steps_do_not_run()
    {
        var ran = 0;
        var boom = TestAgents.Sync<string, string>("boom", _ => throw new InvalidOperationException("no"));
        var counted = TestAgents.Sync<string, string>("counted", s => { ran++; return s; });
        var chain = SequentialChain.Define("fails", "sequential", null, 3, null, null, Upper, boom, counted);

        var result = await WorkflowRun.RunAsync(chain, "abc", null, new WorkflowRunOptions { FailurePolicy = FailurePolicy.FailFast }, CancellationToken.None);

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal("boom", result.FailedStep!.StepId);
        Assert.Equal(0, ran);
    }

    [Fact]
    public void A_null_step_or_a_bad_delay_is_refused_with_the_workflow_and_the_step_named()
    {
        var nullStep = Assert.Throws<ArgumentNullException>(() => SequentialChain.Define<string, string, int>("w", "sequential", null, 3, null, null, Upper, null!));
        Assert.Equal("step2", nullStep.ParamName);
        Assert.StartsWith("Workflow 'w': step 2 is null.", nullStep.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => ChainStep.DelayFor<string>(TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => SequentialChain.Define("", "sequential", null, 3, null, null, Upper));
    }
}
