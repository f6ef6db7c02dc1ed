using System;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>The outcome of a <c>repeat_until</c> workflow whose condition held.</summary>
/// <param name="Output">The output the condition accepted.</param>
/// <param name="Iterations">How many times the step ran (1 when the first output was accepted).</param>
public sealed record Repeated<T>(T Output, int Iterations);

/// <summary>
/// The <c>repeat_until</c> pattern, shared by generated runners and <see cref="RepeatUntilStrategy"/>: one step (an agent,
/// or a workflow for several steps) runs on the workflow's input, then on its own previous output, until a condition
/// on its output holds (completed) or it has run the maximum number of times (exhausted, which is not a success). Each
/// iteration's steps are recorded under <c>id[n]</c>; a continued run restores the iterations that completed.
/// </summary>
public static class RepeatUntil
{
    /// <summary>The default maximum number of iterations.</summary>
    public const int DefaultMaxIterations = 3;

    /// <summary>Runs a <c>repeat_until</c> workflow.</summary>
    /// <param name="run">The run.</param>
    /// <param name="input">The workflow's input, given to the first iteration.</param>
    /// <param name="body">Runs one iteration on the run of that iteration, with the <see cref="LoopIteration"/> to hand to an agent.</param>
    /// <param name="until">The condition on an iteration's output that ends the loop.</param>
    /// <param name="untilName">How <paramref name="until"/> is named in errors (its method's name).</param>
    /// <param name="maxIterations">How many times the step may run (at least 1).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's result: the accepted output, exhausted, or the iteration that failed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/>, <paramref name="body"/> or <paramref name="until"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxIterations"/> is less than 1.</exception>
    public static async ValueTask<WorkflowResult<Repeated<T>>> RunAsync<T>(
        WorkflowRun run,
        T input,
        Func<WorkflowRun, T, LoopIteration, CancellationToken, ValueTask<StepResult<T>>> body,
        Func<T, bool> until,
        string untilName,
        int maxIterations,
        CancellationToken cancellationToken)
    {
        if (run is null || body is null || until is null)
        {
            throw new ArgumentNullException(run is null ? nameof(run) : body is null ? nameof(body) : nameof(until));
        }

        StrategyArguments.AtLeastOne(maxIterations, "repeat_until needs at least 1 iteration.", nameof(maxIterations));
        var current = input;
        for (var iteration = 1; ; iteration++)
        {
            var result = await body(run.EnterIteration(iteration), current, new LoopIteration(iteration, maxIterations), cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return run.Fail<Repeated<T>>(result);
            }

            current = result.Output!;
            bool done;
            try
            {
                done = until(current);
            }
            catch (Exception ex)
            {
                var failed = new StepResult<T>(result.Index, result.StepId, result.Kind, StepStatus.Failed, default, null, TimeSpan.Zero, 0,
                    $"the condition {untilName} threw {ex.GetType().Name}: {ex.Message} (iteration {iteration})", ex);
                return run.Fail<Repeated<T>>(run.Record(failed));
            }

            if (done)
            {
                return run.Complete(new Repeated<T>(current, iteration));
            }

            if (iteration == maxIterations)
            {
                return run.Exhaust<Repeated<T>>(result,
                    $"repeat_until exhausted: {untilName} did not hold after {maxIterations} iteration(s)");
            }
        }
    }
}
