using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>
/// <c>teaching</c> on the dynamic path: exactly two steps, junior then expert, with the semantics of
/// <see cref="Teaching"/>. The output is a <see cref="Taught{T}"/> of <c>object?</c>.
/// </summary>
public sealed class TeachingStrategy : ExecutionStrategy
{
    private readonly double _threshold;

    /// <summary>Creates the strategy with a confidence threshold (attune's default: 0.7).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not between 0 and 1.</exception>
    public TeachingStrategy(double threshold = Teaching.DefaultThreshold)
    {
        _threshold = StrategyArguments.Threshold(threshold, "teaching", nameof(threshold));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The workflow does not have exactly two steps.</exception>
    public override async ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken)
    {
        if (execution is null)
        {
            throw new ArgumentNullException(nameof(execution));
        }

        if (execution.Steps.Count != 2)
        {
            throw new ArgumentException($"Teaching strategy requires exactly 2 steps (a junior, then an expert); workflow '{execution.Run.Workflow.Id}' has {execution.Steps.Count}.", nameof(execution));
        }

        var result = await Teaching.RunAsync<object?, object?>(
            execution.Run,
            execution.Input,
            (_, input, handoff, token) => StepResults.Untyped(execution.Steps[0].RunAsync(input, handoff, token)),
            (_, input, handoff, token) => StepResults.Untyped(execution.Steps[1].RunAsync(input, handoff, token)),
            _threshold,
            cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? StrategyOutcome.Completed(result.Output) : StrategyOutcome.Failed(result.FailedStep!);
    }
}
