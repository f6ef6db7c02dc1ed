using System;

namespace Orchestration.Strategies;

/// <summary>How a strategy's execution ended: an output, or the step that made it fail.</summary>
public readonly struct StrategyOutcome
{
    private StrategyOutcome(object? output, StepResult? failedStep, string? exhaustion = null)
    {
        Output = output;
        FailedStep = failedStep;
        Exhaustion = exhaustion;
    }

    /// <summary>When a bounded loop ran out of iterations, the error to report; the run ends as <see cref="WorkflowStatus.Exhausted"/>.</summary>
    public string? Exhaustion { get; }

    /// <summary>The workflow's output when it completed.</summary>
    public object? Output { get; }

    /// <summary>The step that made the workflow fail, or <see langword="null"/> when it completed.</summary>
    public StepResult? FailedStep { get; }

    /// <summary>The workflow completed with <paramref name="output"/>.</summary>
    public static StrategyOutcome Completed(object? output) => new(output, null);

    /// <summary>
    /// A bounded loop ran out of iterations at <paramref name="lastStep"/>; <paramref name="error"/> is reported as the
    /// run's first error, as given.
    /// </summary>
    public static StrategyOutcome Exhausted(StepResult lastStep, string error) =>
        new(null, lastStep ?? throw new ArgumentNullException(nameof(lastStep)), error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>How a bounded loop's run ended, as an outcome: completed with its output, exhausted, or failed at its step.</summary>
    internal static StrategyOutcome Of<T>(WorkflowResult<T> result) => result.Status switch
    {
        WorkflowStatus.Completed => Completed(result.Output),
        WorkflowStatus.Exhausted => Exhausted(result.FailedStep!, result.Errors[0]),
        _ => Failed(result.FailedStep!),
    };

    /// <summary>The workflow failed because of <paramref name="failedStep"/>.</summary>
    public static StrategyOutcome Failed(StepResult failedStep) =>
        new(null, failedStep ?? throw new ArgumentNullException(nameof(failedStep)));
}
