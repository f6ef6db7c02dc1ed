using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>
/// <c>prompt_cached_sequential</c> on the dynamic path: <see cref="SequentialStrategy"/> whose agent steps receive a
/// <see cref="PromptCacheHandoff"/> with this instance's context. Register an instance with your context under a name of
/// your own; the built-in instance has none and behaves as <c>sequential</c>.
/// </summary>
public sealed class PromptCachedSequentialStrategy : ExecutionStrategy
{
    private readonly PromptCacheHandoff? _handoff;

    /// <summary>Creates the strategy with the shared context its chat agents receive first.</summary>
    public PromptCachedSequentialStrategy(string? cachedContext = null) =>
        _handoff = string.IsNullOrEmpty(cachedContext) ? null : new PromptCacheHandoff(cachedContext!);

    /// <inheritdoc />
    public override async ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken)
    {
        if (execution is null)
        {
            throw new ArgumentNullException(nameof(execution));
        }

        var current = execution.Input;
        foreach (var step in execution.Steps)
        {
            var result = await step.RunAsync(current, _handoff, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return StrategyOutcome.Failed(result);
            }

            current = result.OutputValue;
        }

        return StrategyOutcome.Completed(current);
    }
}
