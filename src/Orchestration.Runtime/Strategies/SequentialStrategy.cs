using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>
/// <c>sequential</c>: runs the steps in order, each on the previous step's output. Stops at the first step that does
/// not complete (later steps would have no input), so a partial run is never reported as success.
/// </summary>
public class SequentialStrategy : ExecutionStrategy
{
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
            var result = await step.RunAsync(current, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return StrategyOutcome.Failed(result);
            }

            current = result.OutputValue;
        }

        return StrategyOutcome.Completed(current);
    }
}
