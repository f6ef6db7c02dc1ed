using System;
using System.Collections;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>
/// <c>for_each</c> on the dynamic path: the workflow's input is the collection (any <see cref="IEnumerable"/> but a
/// string), its one step runs once per item, and the output is an <c>object?[]</c> of the results in order.
/// </summary>
public sealed class ForEachStrategy : ExecutionStrategy
{
    private readonly int _maxParallelism;

    /// <summary>Creates the strategy with how many items may run at once (default 1: one after another).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxParallelism"/> is less than 1.</exception>
    public ForEachStrategy(int maxParallelism = 1)
    {
        _maxParallelism = StrategyArguments.AtLeastOne(maxParallelism, "for_each needs a parallelism of at least 1.", nameof(maxParallelism));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The workflow does not have exactly 1 step.</exception>
    public override async ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken)
    {
        if (execution is null)
        {
            throw new ArgumentNullException(nameof(execution));
        }

        if (execution.Steps.Count != 1)
        {
            throw new ArgumentException($"The for_each strategy runs exactly 1 step per item (a workflow, for several steps); workflow '{execution.Run.Workflow.Id}' has {execution.Steps.Count}.", nameof(execution));
        }

        if (execution.Input is not IEnumerable or string)
        {
            var run = execution.Run;
            return StrategyOutcome.Failed(run.Record(ForEach.ItemsFailed<object?>(run,
                $"the input of for_each workflow '{run.Workflow.Id}' is {execution.Input?.GetType().FullName ?? "null"}, not a collection of items", null)));
        }

        var declared = execution.Steps[0];
        var result = await ForEach.RunAsync<object?, object?, object?>(
            execution.Run,
            execution.Input,
            static input => ((IEnumerable)input!).Cast<object?>(),
            "the input",
            (run, item, iteration, token) => StepResults.Untyped(ExecutableStep.Resolve(run, declared.Step, 1).RunAsync(item, iteration, token)),
            _maxParallelism,
            cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? StrategyOutcome.Completed(result.Output!.ToArray()) : StrategyOutcome.Failed(result.FailedStep!);
    }
}
