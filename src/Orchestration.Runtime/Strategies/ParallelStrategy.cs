using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>
/// <c>parallel</c>: runs every step on the workflow's input at once. The output gathers every step's output in
/// declaration order (an <c>object?[]</c> on the dynamic path, a tuple in generated runners). Honors
/// <see cref="WorkflowRunOptions.MaxDegreeOfParallelism"/> and <see cref="WorkflowRunOptions.FailurePolicy"/>; any
/// failed step fails the workflow.
/// </summary>
public sealed class ParallelStrategy : ExecutionStrategy
{
    /// <inheritdoc />
    public override async ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken)
    {
        if (execution is null)
        {
            throw new ArgumentNullException(nameof(execution));
        }

        using var scope = execution.Run.BeginParallel(cancellationToken);
        var pending = new Task<StepResult>[execution.Steps.Count];
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = scope.RunAsync(execution.Steps[i], execution.Input);
        }

        var results = await Task.WhenAll(pending).ConfigureAwait(false);
        if (scope.Failure is { } failure)
        {
            return StrategyOutcome.Failed(failure);
        }

        var outputs = new object?[results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            outputs[i] = results[i].OutputValue;
        }

        return StrategyOutcome.Completed(outputs);
    }
}
