using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>
/// <c>conditional</c> and <c>multi_conditional</c> on the dynamic path: branches are the steps, with conditions from
/// <see cref="WorkflowStep.When"/>. The output is a <see cref="Branched{T}"/> of <c>object?</c>.
/// </summary>
public sealed class ConditionalStrategy : ExecutionStrategy
{
    /// <inheritdoc />
    public override async ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken)
    {
        if (execution is null)
        {
            throw new ArgumentNullException(nameof(execution));
        }

        var branches = execution.Steps
            .Select(step => new Branch<object?, object?>(
                step.Step.TargetId,
                step.Step.Condition is null ? null : $"of step {step.Index}",
                step.Step.Condition,
                (_, input, token) => StepResults.Untyped(step.RunAsync(input, token))))
            .ToArray();
        var result = await Conditional.RunAsync(execution.Run, execution.Input, branches, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? StrategyOutcome.Completed(result.Output) : StrategyOutcome.Failed(result.FailedStep!);
    }
}
