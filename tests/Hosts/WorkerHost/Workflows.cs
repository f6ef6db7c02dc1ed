using System;
using System.Threading;
using System.Threading.Tasks;
using Orchestration;

namespace WorkerHost;

/// <summary>What the test workflows pass from step to step: a number, transformed deterministically by each step.</summary>
/// <param name="Key">Names the run's input, so that results can be matched to inputs.</param>
/// <param name="Value">The number.</param>
public sealed record Work(string Key, long Value);

/// <summary>An approver's answer: whether to go on, and a bonus the next steps add.</summary>
public sealed record Verdict(bool Approved, long Bonus);

/// <summary>Approval of a gated run, answered by the test (a client in another process).</summary>
[InputRequest("approval", Description = "Approve the work so far")]
public sealed class Approval : InputRequest<Work, Verdict>;

/// <summary>How long each agent works, so that runs are in flight when a silo is killed.</summary>
public sealed class StepDelay
{
    public StepDelay(TimeSpan delay) => Delay = delay;

    public TimeSpan Delay { get; }
}

/// <summary>One deterministic step: logs that it started, works a while, logs that it finished, transforms the value.</summary>
public abstract class WorkStep : IAgent<Work, Work>
{
    private readonly SideEffects _log;
    private readonly StepDelay _delay;

    protected WorkStep(SideEffects log, StepDelay delay)
    {
        _log = log;
        _delay = delay;
    }

    public async ValueTask<Work> RunAsync(Work input, AgentContext context, CancellationToken cancellationToken)
    {
        _log.Append(context.RunId, context.Template.Id, "start");
        await Task.Delay(_delay.Delay, cancellationToken).ConfigureAwait(false);
        _log.Append(context.RunId, context.Template.Id, "done");
        return input with { Value = Transform(input.Value) };
    }

    public abstract long Transform(long value);
}

[AgentTemplate("add_one")]
public sealed class AddOne(SideEffects log, StepDelay delay) : WorkStep(log, delay)
{
    public override long Transform(long value) => value + 1;
}

[AgentTemplate("double")]
public sealed class Double(SideEffects log, StepDelay delay) : WorkStep(log, delay)
{
    public override long Transform(long value) => value * 2;
}

[AgentTemplate("add_three")]
public sealed class AddThree(SideEffects log, StepDelay delay) : WorkStep(log, delay)
{
    public override long Transform(long value) => value + 3;
}

[AgentTemplate("times_five")]
public sealed class TimesFive(SideEffects log, StepDelay delay) : WorkStep(log, delay)
{
    public override long Transform(long value) => value * 5;
}

[AgentTemplate("minus_seven")]
public sealed class MinusSeven(SideEffects log, StepDelay delay) : WorkStep(log, delay)
{
    public override long Transform(long value) => value - 7;
}

/// <summary>The step after the approval: adds the bonus when approved, negates the value when not.</summary>
[AgentTemplate("apply_verdict")]
public sealed class ApplyVerdict(SideEffects log, StepDelay delay) : IAgent<Answered<Work, Verdict>, Work>
{
    public async ValueTask<Work> RunAsync(Answered<Work, Verdict> input, AgentContext context, CancellationToken cancellationToken)
    {
        log.Append(context.RunId, context.Template.Id, "start");
        await Task.Delay(delay.Delay, cancellationToken).ConfigureAwait(false);
        log.Append(context.RunId, context.Template.Id, "done");
        return input.Request with { Value = input.Response.Approved ? input.Request.Value + input.Response.Bonus : -input.Request.Value };
    }
}

/// <summary>Five agent steps.</summary>
[Workflow("five_steps")]
[Step("add_one")]
[Step("double")]
[Step("add_three")]
[Step("times_five")]
[Step("minus_seven")]
public static partial class FiveSteps;

/// <summary>Five steps, the third a wait for an approval.</summary>
[Workflow("gated_five_steps")]
[Step("add_one")]
[Step("double")]
[Step(Await = "approval")]
[Step("apply_verdict")]
[Step("minus_seven")]
public static partial class GatedFiveSteps;

/// <summary>A step, a two-second delay, a step: the delay releases the run, and the recovery scan wakes it when due.</summary>
[Workflow("delayed")]
[Step("add_one")]
[Step(DelaySeconds = 2)]
[Step("double")]
public static partial class Delayed;

/// <summary>What an uninterrupted run of each workflow returns, computed without running it.</summary>
public static class Expected
{
    public static long FiveSteps(long value) => (((value + 1) * 2) + 3) * 5 - 7;

    public static long GatedFiveSteps(long value, Verdict verdict)
    {
        var before = (value + 1) * 2;
        return (verdict.Approved ? before + verdict.Bonus : -before) - 7;
    }
}
