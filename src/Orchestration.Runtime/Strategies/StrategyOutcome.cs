using System;

namespace Orchestration;

/// <summary>How a strategy's execution ended: an output, or the step that made it fail.</summary>
public readonly struct StrategyOutcome
{
    private StrategyOutcome(object? output, StepResult? failedStep)
    {
        Output = output;
        FailedStep = failedStep;
    }

    /// <summary>The workflow's output when it completed.</summary>
    public object? Output { get; }

    /// <summary>The step that made the workflow fail, or <see langword="null"/> when it completed.</summary>
    public StepResult? FailedStep { get; }

    /// <summary>The workflow completed with <paramref name="output"/>.</summary>
    public static StrategyOutcome Completed(object? output) => new(output, null);

    /// <summary>The workflow failed because of <paramref name="failedStep"/>.</summary>
    public static StrategyOutcome Failed(StepResult failedStep) =>
        new(null, failedStep ?? throw new ArgumentNullException(nameof(failedStep)));
}
