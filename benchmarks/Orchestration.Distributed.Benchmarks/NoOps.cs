using System;
using System.Threading;
using System.Threading.Tasks;
using Orchestration;

namespace Orchestration.Distributed.Benchmarks;

/// <summary>A step that does nothing: what is measured is the orchestration and its records.</summary>
[AgentTemplate("noop")]
public sealed class NoOp : IAgent<int, int>
{
    public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input + 1);
}

/// <summary>A step that takes a while, so that runs are in flight when a silo is killed.</summary>
[AgentTemplate("slow")]
public sealed class Slow : IAgent<int, int>
{
    public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        return input + 1;
    }
}

/// <summary>The measured workflow: three no-op steps.</summary>
[Workflow("three_noops")]
[Step("noop")]
[Step("noop")]
[Step("noop")]
public static partial class ThreeNoOps;

/// <summary>Three slow steps (2 s each), for the failover measurement.</summary>
[Workflow("three_slow")]
[Step("slow")]
[Step("slow")]
[Step("slow")]
public static partial class ThreeSlow;
