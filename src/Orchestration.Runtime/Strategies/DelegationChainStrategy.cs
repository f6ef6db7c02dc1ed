using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>
/// <c>delegation_chain</c> on the dynamic path: the first step plans (producing a <see cref="DelegationPlan"/>), the last
/// synthesizes (taking <see cref="DelegationReports{TReport}"/> of <c>object?</c>), and the steps between are the
/// specialists.
/// </summary>
public sealed class DelegationChainStrategy : ExecutionStrategy
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException">Fewer than 3 steps.</exception>
    public override async ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken)
    {
        if (execution is null)
        {
            throw new ArgumentNullException(nameof(execution));
        }

        var steps = execution.Steps;
        if (steps.Count < 3)
        {
            throw new ArgumentException($"Delegation chain requires a planner, at least one specialist and a synthesizer; workflow '{execution.Run.Workflow.Id}' has {steps.Count} step(s).", nameof(execution));
        }

        var specialists = steps.Skip(1).Take(steps.Count - 2)
            .Select(step => new Delegate<object?>(step.Step.TargetId, (_, task, handoff, token) => StepResults.Untyped(step.RunAsync(task, handoff, token))))
            .ToArray();
        var result = await DelegationChain.RunAsync<object?, object?, object?>(
            execution.Run,
            execution.Input,
            async (_, input, token) =>
            {
                var planned = await steps[0].RunAsync(input, token).ConfigureAwait(false);
                return planned as StepResult<DelegationPlan> ?? new StepResult<DelegationPlan>(
                    planned.Index, planned.StepId, planned.Kind, planned.Succeeded && planned.OutputValue is not DelegationPlan ? StepStatus.Failed : planned.Status,
                    planned.OutputValue as DelegationPlan, planned.Confidence, planned.Duration, planned.Attempts,
                    planned.Succeeded && planned.OutputValue is not DelegationPlan ? "the planner did not produce an Orchestration.DelegationPlan" : planned.Error,
                    planned.Exception, planned.Nested);
            },
            specialists,
            (_, reports, token) => StepResults.Untyped(steps[steps.Count - 1].RunAsync(reports, token)),
            cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? StrategyOutcome.Completed(result.Output) : StrategyOutcome.Failed(result.FailedStep!);
    }
}
