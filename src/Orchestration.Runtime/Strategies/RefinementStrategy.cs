using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>
/// <c>refinement</c> on the dynamic path: drafter, critic and optional reviser with the semantics of
/// <see cref="Refinement"/>. The critic must produce a <see cref="Critique"/>.
/// </summary>
public sealed class RefinementStrategy : ExecutionStrategy
{
    private readonly int _maxIterations;

    /// <summary>Creates the strategy with a maximum number of critiques (default 3).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxIterations"/> is less than 1.</exception>
    public RefinementStrategy(int maxIterations = Refinement.DefaultMaxIterations)
    {
        _maxIterations = StrategyArguments.AtLeastOne(maxIterations, "Refinement needs at least 1 iteration.", nameof(maxIterations));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The workflow does not have 2 or 3 steps.</exception>
    public override async ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken)
    {
        if (execution is null)
        {
            throw new ArgumentNullException(nameof(execution));
        }

        var steps = execution.Steps;
        if (steps.Count is < 2 or > 3)
        {
            throw new ArgumentException($"Refinement strategy requires a drafter, a critic and optionally a reviser (2 or 3 steps); workflow '{execution.Run.Workflow.Id}' has {steps.Count}.", nameof(execution));
        }

        var result = await Refinement.RunAsync<object?, object?>(
            execution.Run,
            execution.Input,
            (_, input, handoff, token) => StepResults.Untyped(steps[0].RunAsync(input, handoff, token)),
            (_, draft, token) => AsCritique(steps[1].RunAsync(draft, token)),
            steps.Count == 3 ? (_, draft, handoff, token) => StepResults.Untyped(steps[2].RunAsync(draft, handoff, token)) : null,
            _maxIterations,
            cancellationToken).ConfigureAwait(false);
        return StrategyOutcome.Of(result);
    }

    private static async ValueTask<StepResult<Critique>> AsCritique(ValueTask<StepResult> pending)
    {
        var result = await pending.ConfigureAwait(false);
        if (result is StepResult<Critique> typed)
        {
            return typed;
        }

        var critique = result.OutputValue as Critique;
        var status = result.Succeeded && critique is null ? StepStatus.Failed : result.Status;
        var error = result.Succeeded && critique is null
            ? $"the critic produced {result.OutputValue?.GetType().FullName ?? "null"}, not an Orchestration.Critique"
            : result.Error;
        return new StepResult<Critique>(result.Index, result.StepId, result.Kind, status, critique, result.Confidence, result.Duration, result.Attempts, error, result.Exception, result.Nested);
    }
}
