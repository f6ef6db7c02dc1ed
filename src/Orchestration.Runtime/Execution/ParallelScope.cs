using System;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>
/// A fan-out in progress: steps started through it run concurrently, at most
/// <see cref="WorkflowRunOptions.MaxDegreeOfParallelism"/> at a time, and under <see cref="FailurePolicy.FailFast"/>
/// the first failure cancels the steps still running. Created by <see cref="WorkflowRun.BeginParallel"/>.
/// </summary>
/// <remarks>
/// Steps start on the calling thread and overlap at their first asynchronous wait; an agent that blocks a thread
/// should offload its work (for example with <see cref="Task.Run(Action)"/>).
/// </remarks>
public sealed class ParallelScope : IDisposable
{
    private readonly WorkflowRun _run;
    private readonly CancellationTokenSource _siblings;
    private readonly SemaphoreSlim? _gate;
    private StepResult? _rootFailure;
    private StepResult? _firstCancelled;

    internal ParallelScope(WorkflowRun run, CancellationToken cancellationToken)
    {
        _run = run;
        _siblings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (run.Options.MaxDegreeOfParallelism is { } limit)
        {
            _gate = new SemaphoreSlim(limit, limit);
        }
    }

    /// <summary>
    /// The step that made the fan-out fail, or <see langword="null"/> when every step completed. A step cancelled
    /// because a sibling failed is never reported as the cause.
    /// </summary>
    public StepResult? Failure => Volatile.Read(ref _rootFailure) ?? Volatile.Read(ref _firstCancelled);

    /// <summary>Starts agent step <paramref name="index"/> on <paramref name="input"/>.</summary>
    public Task<StepResult<TOutput>> RunAgentAsync<TInput, TOutput>(int index, AgentTemplate<TInput, TOutput> template, TInput input) =>
        Branch((_run, index, template, input), static (state, token) => state._run.RunAgentAsync(state.index, state.template, state.input, token));

    /// <summary>Starts workflow step <paramref name="index"/> on <paramref name="input"/>.</summary>
    public Task<StepResult<TOutput>> RunWorkflowAsync<TInput, TOutput>(int index, WorkflowDefinition<TInput, TOutput> workflow, TInput input) =>
        Branch((_run, index, workflow, input), static (state, token) => state._run.RunWorkflowAsync(state.index, state.workflow, state.input, token));

    /// <summary>Starts a step of the dynamic path on <paramref name="input"/>.</summary>
    public Task<StepResult> RunAsync(ExecutableStep step, object? input)
    {
        if (step is null)
        {
            throw new ArgumentNullException(nameof(step));
        }

        return Branch((step, input), static (state, token) => state.step.RunAsync(state.input, token));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _siblings.Dispose();
        _gate?.Dispose();
    }

    /// <summary>Starts a step the caller runs itself, under the scope's concurrency limit and failure policy.</summary>
    /// <param name="body">Runs the step with the scope's token; it must record its own result.</param>
    public Task<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> body)
        where T : StepResult =>
        Branch(body ?? throw new ArgumentNullException(nameof(body)), static (body, token) => body(token));

    // The step's arguments travel as state to a static delegate, so that starting a branch allocates no closure.
    private async Task<T> Branch<TState, T>(TState state, Func<TState, CancellationToken, ValueTask<T>> body)
        where T : StepResult
    {
        // The gate is awaited without the token: a step cancelled while queued still records a Cancelled result.
        if (_gate is not null)
        {
            await _gate.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            var result = await body(state, _siblings.Token).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                OnFailure(result);
            }

            return result;
        }
        finally
        {
            _gate?.Release();
        }
    }

    private void OnFailure(StepResult result)
    {
        if (result.Status == StepStatus.Cancelled)
        {
            Interlocked.CompareExchange(ref _firstCancelled, result, null);
            return;
        }

        Interlocked.CompareExchange(ref _rootFailure, result, null);
        if (_run.Options.FailurePolicy == FailurePolicy.FailFast)
        {
            try
            {
                _siblings.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The fan-out already finished; nothing is left to cancel.
            }
        }
    }
}
