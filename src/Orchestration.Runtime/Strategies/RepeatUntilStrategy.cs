using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>
/// <c>repeat_until</c> on the dynamic path: the workflow's one step repeats until its condition holds. The condition is
/// the step's <see cref="WorkflowStep.Condition"/> (<c>WorkflowStep.Agent("fixer").When(output =&gt; ...)</c>), or the
/// one this strategy was created with. The output is a <see cref="Repeated{T}"/> of <c>object?</c>.
/// </summary>
public sealed class RepeatUntilStrategy : ExecutionStrategy
{
    private readonly int _maxIterations;
    private readonly Func<object?, bool>? _until;

    /// <summary>Creates the strategy with a maximum number of iterations (default 3) and, optionally, its condition.</summary>
    /// <param name="maxIterations">How many times the step may run.</param>
    /// <param name="until">The condition on the step's output that ends the loop; when null, the step's <see cref="WorkflowStep.Condition"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxIterations"/> is less than 1.</exception>
    public RepeatUntilStrategy(int maxIterations = RepeatUntil.DefaultMaxIterations, Func<object?, bool>? until = null)
    {
        _maxIterations = StrategyArguments.AtLeastOne(maxIterations, "repeat_until needs at least 1 iteration.", nameof(maxIterations));
        _until = until;
    }

    /// <summary>Whether the strategy was created with its own condition.</summary>
    internal bool HasCondition => _until is not null;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The workflow does not have exactly 1 step, or no condition is given.</exception>
    public override async ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken)
    {
        if (execution is null)
        {
            throw new ArgumentNullException(nameof(execution));
        }

        var workflow = execution.Run.Workflow;
        if (execution.Steps.Count != 1)
        {
            throw new ArgumentException($"The repeat_until strategy repeats exactly 1 step (a workflow, for several steps); workflow '{workflow.Id}' has {execution.Steps.Count}.", nameof(execution));
        }

        var declared = execution.Steps[0].Step;
        var until = _until ?? declared.Condition ?? throw new ArgumentException(
            $"Workflow '{workflow.Id}' uses repeat_until but gives no condition: declare its step with WorkflowStep.When(output => ...), the condition that ends the loop.", nameof(execution));
        var result = await RepeatUntil.RunAsync<object?>(
            execution.Run,
            execution.Input,
            (run, current, iteration, token) => StepResults.Untyped(ExecutableStep.Resolve(run, declared, 1).RunAsync(current, iteration, token)),
            until,
            "the condition",
            _maxIterations,
            cancellationToken).ConfigureAwait(false);
        return StrategyOutcome.Of(result);
    }
}
