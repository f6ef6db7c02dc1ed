using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>Which answer a <c>teaching</c> workflow kept.</summary>
public enum TeachingPath
{
    /// <summary>The junior's answer was good enough; the expert did not run.</summary>
    Junior = 0,

    /// <summary>The junior failed or was not confident enough; the expert's answer was kept.</summary>
    Expert = 1,
}

/// <summary>The outcome of a <c>teaching</c> workflow: the answer kept, and which path produced it.</summary>
/// <typeparam name="T">The answer's type.</typeparam>
/// <param name="Output">The answer kept.</param>
/// <param name="Path">Whether the junior's or the expert's answer was kept.</param>
/// <param name="JuniorConfidence">The confidence the junior reported, if any.</param>
/// <param name="Reason">Why the expert was called, or <see langword="null"/> on the junior path.</param>
public sealed record Taught<T>(T Output, TeachingPath Path, double? JuniorConfidence, string? Reason);

/// <summary>What the expert of a <c>teaching</c> workflow receives in <see cref="AgentContext.Handoff"/>.</summary>
/// <param name="JuniorOutput">The junior's answer, or <see langword="null"/> when the junior failed.</param>
/// <param name="JuniorConfidence">The confidence the junior reported, if any.</param>
/// <param name="Reason">Why the junior's answer was not kept.</param>
/// <param name="JuniorError">The junior's error, when it failed.</param>
public sealed record TeachingHandoff(object? JuniorOutput, double? JuniorConfidence, string Reason, string? JuniorError)
{
    /// <summary>The junior's answer as <typeparamref name="T"/>, or <see langword="default"/> when it failed.</summary>
    public T? JuniorOutputAs<T>() => JuniorOutput is T typed ? typed : default;
}

/// <summary>
/// The <c>teaching</c> pattern, shared by generated runners and <see cref="TeachingStrategy"/>. The junior runs first; if
/// it fails, or reports a confidence below the threshold (inclusive: equal passes), the expert runs with the junior's
/// attempt and the reason in its context. Success reflects the final answer: a failed junior rescued by the expert is a
/// success (attune reported it as a failure), and a failing expert fails the run.
/// </summary>
public static class Teaching
{
    /// <summary>attune's threshold: 0.7.</summary>
    public const double DefaultThreshold = 0.7;

    /// <summary>Runs a teaching workflow.</summary>
    /// <param name="run">The run.</param>
    /// <param name="input">The workflow's input, given to both steps.</param>
    /// <param name="junior">Runs step 1 (the handoff argument is always <see langword="null"/>).</param>
    /// <param name="expert">Runs step 2 with a <see cref="TeachingHandoff"/>.</param>
    /// <param name="threshold">The junior's minimum confidence, between 0 and 1. A junior that reports no confidence is kept.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not between 0 and 1.</exception>
    public static async ValueTask<WorkflowResult<Taught<TOutput>>> RunAsync<TInput, TOutput>(
        WorkflowRun run,
        TInput input,
        Func<WorkflowRun, TInput, TeachingHandoff?, CancellationToken, ValueTask<StepResult<TOutput>>> junior,
        Func<WorkflowRun, TInput, TeachingHandoff?, CancellationToken, ValueTask<StepResult<TOutput>>> expert,
        double threshold,
        CancellationToken cancellationToken)
    {
        if (run is null || junior is null || expert is null)
        {
            throw new ArgumentNullException(run is null ? nameof(run) : junior is null ? nameof(junior) : nameof(expert));
        }

        StrategyArguments.Threshold(threshold, "teaching", nameof(threshold));
        var first = await junior(run, input, null, cancellationToken).ConfigureAwait(false);
        if (first.Status is StepStatus.Cancelled or StepStatus.TimedOut && cancellationToken.IsCancellationRequested)
        {
            return run.Fail<Taught<TOutput>>(first);
        }

        string reason;
        if (!first.Succeeded)
        {
            reason = $"the junior failed: {first.Error}";
        }
        else if (first.Confidence is { } confidence && confidence < threshold)
        {
            reason = string.Format(CultureInfo.InvariantCulture, "the junior's confidence {0} is below the threshold {1}", confidence, threshold);
        }
        else
        {
            return run.Complete(new Taught<TOutput>(first.Output!, TeachingPath.Junior, first.Confidence, null));
        }

        var handoff = new TeachingHandoff(first.Succeeded ? first.Output : null, first.Confidence, reason, first.Succeeded ? null : first.Error);
        var second = await expert(run, input, handoff, cancellationToken).ConfigureAwait(false);
        return second.Succeeded
            ? run.Complete(new Taught<TOutput>(second.Output!, TeachingPath.Expert, first.Confidence, reason))
            : run.Fail<Taught<TOutput>>(second);
    }
}
