using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>
/// <c>adaptive</c> on the dynamic path: a classifier then specialists, routed by confidence and tier with the semantics
/// of <see cref="Adaptive"/>. The output is a <see cref="Routed{TClassification, TOutput}"/> of <c>object?</c>.
/// </summary>
public sealed class AdaptiveStrategy : ExecutionStrategy
{
    private readonly double _threshold;

    /// <summary>Creates the strategy with a confidence threshold (attune's default: 0.8).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not between 0 and 1.</exception>
    public AdaptiveStrategy(double threshold = Adaptive.DefaultThreshold)
    {
        _threshold = StrategyArguments.Threshold(threshold, "adaptive", nameof(threshold));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The workflow has fewer than two steps.</exception>
    public override async ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken)
    {
        if (execution is null)
        {
            throw new ArgumentNullException(nameof(execution));
        }

        if (execution.Steps.Count < 2)
        {
            throw new ArgumentException($"Adaptive strategy requires a classifier and at least one specialist; workflow '{execution.Run.Workflow.Id}' has {execution.Steps.Count} step(s).", nameof(execution));
        }

        var registry = execution.Run.Registry;
        var specialists = execution.Steps.Skip(1)
            .Select(step => new Specialist<object?, object?>(
                step.Step.TargetId,
                step.Step.Kind == StepKind.Agent && registry.Templates.TryGet(step.Step.TargetId, out var template) ? template.Tier : ModelTier.Capable,
                (_, input, handoff, token) => StepResults.Untyped(step.RunAsync(input, handoff, token))))
            .ToArray();
        var result = await Adaptive.RunAsync<object?, object?, object?>(
            execution.Run,
            execution.Input,
            (_, input, token) => StepResults.Untyped(execution.Steps[0].RunAsync(input, token)),
            specialists,
            router: null,
            _threshold,
            cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? StrategyOutcome.Completed(result.Output) : StrategyOutcome.Failed(result.FailedStep!);
    }
}
