using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>
/// Which iteration of a loop (<c>for_each</c>, <c>repeat_until</c>) an agent step runs in; it receives this in
/// <see cref="AgentContext.Handoff"/>.
/// </summary>
/// <param name="Number">The iteration, from 1: the item's position in a <c>for_each</c>, the attempt in a <c>repeat_until</c>.</param>
/// <param name="Bound">How many iterations there can be: the number of items, or the <c>repeat_until</c>'s maximum.</param>
public sealed record LoopIteration(int Number, int Bound);

/// <summary>
/// The <c>for_each</c> pattern, shared by generated runners and <see cref="ForEachStrategy"/>: one step (an agent, or a
/// workflow for several steps) runs once per item of a collection, one at a time or up to a bound at once; the results
/// come back in the items' order. The first failed item fails the run (items still running are cancelled); a continued
/// run restores the items that completed and runs the rest. Each item's steps are recorded under <c>id[n]</c>.
/// </summary>
public static class ForEach
{
    /// <summary>Runs a <c>for_each</c> workflow.</summary>
    /// <param name="run">The run.</param>
    /// <param name="input">The workflow's input.</param>
    /// <param name="items">Gives the items from the input (the input itself, or a method the workflow names).</param>
    /// <param name="itemsName">How <paramref name="items"/> is named in errors (its method's name, or "the input").</param>
    /// <param name="body">Runs one item, on the run of its iteration, with the <see cref="LoopIteration"/> to hand to an agent.</param>
    /// <param name="maxParallelism">How many items may run at once (1: one after another).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's result: every item's output in the items' order, or the first item that failed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/>, <paramref name="items"/> or <paramref name="body"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxParallelism"/> is less than 1.</exception>
    public static async ValueTask<WorkflowResult<IReadOnlyList<TResult>>> RunAsync<TInput, TItem, TResult>(
        WorkflowRun run,
        TInput input,
        Func<TInput, IEnumerable<TItem>?> items,
        string itemsName,
        Func<WorkflowRun, TItem, LoopIteration, CancellationToken, ValueTask<StepResult<TResult>>> body,
        int maxParallelism,
        CancellationToken cancellationToken)
    {
        if (run is null || items is null || body is null)
        {
            throw new ArgumentNullException(run is null ? nameof(run) : items is null ? nameof(items) : nameof(body));
        }

        StrategyArguments.AtLeastOne(maxParallelism, "for_each needs a parallelism of at least 1.", nameof(maxParallelism));
        TItem[]? list;
        string? problem = null;
        Exception? thrown = null;
        try
        {
            list = items(input)?.ToArray();
            problem = list is null ? $"{itemsName} gave no collection of items (null); give an empty one when there is nothing to do" : null;
        }
        catch (Exception ex)
        {
            (list, thrown, problem) = (null, ex, $"{itemsName} threw {ex.GetType().Name}: {ex.Message}");
        }

        if (list is null)
        {
            return run.Fail<IReadOnlyList<TResult>>(run.Record(ItemsFailed<TResult>(run, problem!, thrown)));
        }

        var results = new TResult[list.Length];
        if (maxParallelism == 1 || list.Length <= 1)
        {
            for (var i = 0; i < list.Length; i++)
            {
                var result = await body(run.EnterIteration(i + 1), list[i], new LoopIteration(i + 1, list.Length), cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    return run.Fail<IReadOnlyList<TResult>>(result);
                }

                results[i] = result.Output!;
            }

            return run.Complete<IReadOnlyList<TResult>>(results);
        }

        var limit = Math.Min(maxParallelism, run.Options.MaxDegreeOfParallelism ?? int.MaxValue);
        var outcomes = new StepResult<TResult>?[list.Length];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new SemaphoreSlim(limit, limit);
        var failFast = run.Options.FailurePolicy == FailurePolicy.FailFast;
        var running = new List<Task>(list.Length);
        for (var i = 0; i < list.Length && !stop.IsCancellationRequested; i++)
        {
            // Items start in order: the next waits for a free place, so a bound of N never has more than N running.
            try
            {
                await gate.WaitAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            running.Add(RunItem(i));
        }

        await Task.WhenAll(running).ConfigureAwait(false);

        // The first item (in the items' order) that failed for a reason of its own, else the first that did not finish.
        var failure = outcomes.FirstOrDefault(r => r is { Succeeded: false, Status: not StepStatus.Cancelled })
            ?? outcomes.FirstOrDefault(r => r is { Succeeded: false });
        if (failure is not null)
        {
            return run.Fail<IReadOnlyList<TResult>>(failure);
        }

        if (outcomes.Any(r => r is null))
        {
            // Cancelled before every item could start.
            return run.Fail<IReadOnlyList<TResult>>(new StepResult<TResult>(1, BodyId(run), StepKind.Agent, StepStatus.Cancelled, default, null, TimeSpan.Zero, 0,
                "cancelled before every item started"));
        }

        for (var i = 0; i < list.Length; i++)
        {
            results[i] = outcomes[i]!.Output!;
        }

        return run.Complete<IReadOnlyList<TResult>>(results);

        async Task RunItem(int i)
        {
            try
            {
                var result = await body(run.EnterIteration(i + 1), list[i], new LoopIteration(i + 1, list.Length), stop.Token).ConfigureAwait(false);
                outcomes[i] = result;
                if (!result.Succeeded && failFast)
                {
                    stop.Cancel();
                }
            }
            finally
            {
                gate.Release();
            }
        }
    }

    /// <summary>The step result that fails a run whose items could not be had.</summary>
    internal static StepResult<T> ItemsFailed<T>(WorkflowRun run, string error, Exception? exception) =>
        new(1, BodyId(run), StepKind.Agent, StepStatus.Failed, default, null, TimeSpan.Zero, 0, error, exception);

    private static string BodyId(WorkflowRun run) => run.Workflow.Steps.Count > 0 ? run.Workflow.Steps[0].TargetId : run.Workflow.Id;
}
