using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration;

/// <summary>
/// What the chat agents of a <c>prompt_cached_sequential</c> workflow receive in <see cref="AgentContext.Handoff"/>: the
/// shared context, which <see cref="ChatAgent{TInput, TOutput}"/> sends first, byte for byte the same on every step.
/// </summary>
/// <param name="Context">The shared context.</param>
public sealed record PromptCacheHandoff(string Context);

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

/// <summary>
/// <c>tool_enhanced</c>: runs one agent with the tools its template lists (a chat agent offers them to its model). The
/// workflow takes and produces what the agent does.
/// </summary>
public sealed class ToolEnhancedStrategy : SequentialStrategy
{
}
