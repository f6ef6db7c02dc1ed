using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;
using Orchestration.Telemetry;

namespace Orchestration;

// Agent steps: attempts, timeouts, retries and their results.
public sealed partial class WorkflowRun
{
    /// <summary>Runs agent step <paramref name="index"/> (1-based), enforcing the template's timeout, and records its result.</summary>
    /// <remarks>Never throws for a failing agent: the failure is in the returned result.</remarks>
    public ValueTask<StepResult<TOutput>> RunAgentAsync<TInput, TOutput>(
        int index,
        AgentTemplate<TInput, TOutput> template,
        TInput input,
        CancellationToken cancellationToken) =>
        RunAgentAsync(index, template, input, handoff: null, cancellationToken);

    /// <summary>
    /// Runs agent step <paramref name="index"/> (1-based) with <paramref name="handoff"/> in its context, enforcing the
    /// template's timeout, and records its result.
    /// </summary>
    /// <remarks>
    /// Never throws for a failing agent: the failure is in the returned result. An agent that finishes without waiting
    /// and needs no retry costs no asynchronous machinery: the result is recorded and returned synchronously. Otherwise
    /// one state machine carries the step through waiting and retries.
    /// </remarks>
    public ValueTask<StepResult<TOutput>> RunAgentAsync<TInput, TOutput>(
        int index,
        AgentTemplate<TInput, TOutput> template,
        TInput input,
        object? handoff,
        CancellationToken cancellationToken)
    {
        if (template is null)
        {
            throw new ArgumentNullException(nameof(template));
        }

        if (_scope.Replaying && _scope.TryRestore(this, index, out StepRecord? recorded, out TOutput restored))
        {
            return new(Record(new StepResult<TOutput>(
                index, template.Id, StepKind.Agent, StepStatus.Completed, restored, recorded!.Confidence, TimeSpan.Zero, 0,
                usage: recorded.Usage, cost: recorded.Cost) { Restored = true }));
        }

        _scope.StepStarted(this, index, template.Id, StepKind.Agent);

        // The template's timeout and retries, unless the application's configuration overrides them.
        var overrides = _scope.Overrides(template.Id);
        var step = new AgentStep<TInput, TOutput>(index, template, input, handoff, Stopwatch.GetTimestamp(), OrchestrationTelemetry.StartAgent(template),
            _scope.Options.Store is null ? null : new List<StepLogEntry>(), // the log is only kept where there is somewhere to keep it
            overrides?.TimeoutFor(template) ?? template.Resources.Timeout,
            overrides?.RetryFor(template) ?? template.Retry);
        var first = StartAttempt(step, attempt: 1, TokenUsage.None, cost: null, cancellationToken);
        if (first.Pending is null && (!first.Retryable || step.Retry.MaxAttempts == 1))
        {
            return new(Finish(step, first.Result!));
        }

        return ContinueAsync(step, first, cancellationToken);
    }

    /// <summary>
    /// The rest of a step whose first attempt is still running or failed in a way worth retrying: waits (the agent's
    /// timeout starts when it first yields; an agent that ignores its token is abandoned, not stopped), retries with
    /// backoff while attempts remain, and records the last result.
    /// </summary>
    private async ValueTask<StepResult<TOutput>> ContinueAsync<TInput, TOutput>(
        AgentStep<TInput, TOutput> step,
        Attempt<TOutput> current,
        CancellationToken cancellationToken)
    {
        var policy = step.Retry;
        for (var attempt = 1; ; attempt++)
        {
            StepResult<TOutput> result;
            bool retryable;
            if (current.Pending is null)
            {
                (result, retryable) = (current.Result!, current.Retryable);
            }
            else
            {
                var lease = current.Lease!;
                try
                {
                    // The timer is armed when the agent first yields, for what is left of its timeout; WaitAsync stops
                    // waiting for an agent that ignores its token (it is abandoned, not stopped).
                    var left = step.Timeout - Elapsed(current.Started);
                    lease.Source.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                    var output = await current.Pending.Value.AsTask().WaitAsync(lease.Source.Token).ConfigureAwait(false);
                    (result, retryable) = (Completed(step, output, current.Context!, current.Spent, current.Cost), false);
                }
                catch (Exception ex)
                {
                    (result, retryable) = Failed(step, ex, lease.Source, current.Context!, current.Spent, current.Cost, cancellationToken);
                }
                finally
                {
                    _scope.ReturnLimit(lease);
                }
            }

            if (!retryable || attempt >= policy.MaxAttempts)
            {
                return Finish(step, result);
            }

            Retrying(step, result);
            try
            {
                await Task.Delay(policy.DelayBefore(attempt + 1), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Cancelled while waiting to retry: the last failure stands, recorded as it was.
                return Finish(step, result);
            }

            // Tokens and cost accumulate over attempts: a failed attempt is still paid for. Attempts are numbered over the
            // step, counting the tries an agent made within one call (a chat agent asking its model again).
            current = StartAttempt(step, result.Attempts + 1, result.Usage, result.Cost, cancellationToken);
        }
    }

    /// <summary>Keeps the error of an attempt the engine is about to retry: in the step's log, the logger and the span.</summary>
    private void Retrying<TInput, TOutput>(AgentStep<TInput, TOutput> step, StepResult<TOutput> result)
    {
        var error = result.Error ?? OrchestrationTelemetry.Status(result.Status);
        if (step.Log is { } log)
        {
            lock (log)
            {
                log.Add(new StepLogEntry(result.Attempts, "error", error));
            }
        }

        step.Activity?.AddEvent(new ActivityEvent("orchestration.attempt.failed", tags: new ActivityTagsCollection
        {
            { "orchestration.attempt", result.Attempts },
            { "error.message", error },
        }));
        OrchestrationLog.StepRetrying(OrchestrationLog.For(Services), RunId, step.Index, step.Template.Id, result.Attempts, error);
    }

    private StepResult<TOutput> Finish<TInput, TOutput>(AgentStep<TInput, TOutput> step, StepResult<TOutput> result)
    {
        OrchestrationTelemetry.EndAgent(step.Activity, result);
        if (!result.Succeeded && result.Status != StepStatus.Waiting)
        {
            OrchestrationLog.StepFailed(OrchestrationLog.For(Services), RunId, step.Index, step.Template.Id, OrchestrationTelemetry.Status(result.Status), result.Attempts,
                result.Error ?? OrchestrationTelemetry.Status(result.Status));
        }

        if (step.Log is { Count: > 0 } log)
        {
            result.Log = log.ToArray();
        }

        return Record(result);
    }

    /// <summary>
    /// Starts one attempt and, when the agent finishes without waiting (or cannot start), ends it: the result, and whether
    /// it is worth retrying (the agent threw or ran past its own timeout, not the run being cancelled). Otherwise the
    /// attempt is pending, holding its timeout source.
    /// </summary>
    private Attempt<TOutput> StartAttempt<TInput, TOutput>(
        AgentStep<TInput, TOutput> step,
        int attempt,
        TokenUsage spent,
        decimal? cost,
        CancellationToken cancellationToken)
    {
        var template = step.Template;
        if (cancellationToken.IsCancellationRequested)
        {
            return Attempt<TOutput>.Done(Interrupted<TOutput>(step.Index, template.Id, StepKind.Agent, step.Started, agentTimedOut: false, exception: null, attempts: attempt - 1), false);
        }

        var context = new AgentContext(this, template, step.Index, attempt, step.Handoff, step.Log);
        IAgent<TInput, TOutput> agent;
        try
        {
            agent = template.CreateAgent(Services);
        }
        catch (InvalidOperationException ex)
        {
            // A missing dependency will still be missing on the next attempt.
            return Attempt<TOutput>.Done(new StepResult<TOutput>(step.Index, template.Id, StepKind.Agent, StepStatus.Failed, default, null, Elapsed(step.Started), context.Attempt,
                $"{ex.GetType().Name}: {ex.Message}", ex, usage: spent, cost: cost), false);
        }

        var lease = _scope.RentLimit(cancellationToken);
        var attemptStarted = attempt == 1 ? step.Started : Stopwatch.GetTimestamp();
        try
        {
            var pending = agent.RunAsync(step.Input, context, lease.Source.Token);
            if (!pending.IsCompletedSuccessfully)
            {
                return new Attempt<TOutput>(null, false, pending, lease, context, spent, cost, attemptStarted);
            }

            // Finished without yielding (the common, cheap path): no timer was armed, so check the limits it had to meet.
            var output = pending.Result;
            _scope.ReturnLimit(lease);
            if (Blocked(step, attemptStarted, context, spent, cost, cancellationToken) is { } blocked)
            {
                return Attempt<TOutput>.Done(blocked.Result, blocked.Retryable);
            }

            return Attempt<TOutput>.Done(Completed(step, output, context, spent, cost), false);
        }
        catch (Exception ex)
        {
            // The agent threw before it first yielded.
            _scope.ReturnLimit(lease);
            if (Blocked(step, attemptStarted, context, spent, cost, cancellationToken) is { } blocked)
            {
                return Attempt<TOutput>.Done(blocked.Result, blocked.Retryable);
            }

            var (failed, retryable) = Failed(step, ex, lease.Source, context, spent, cost, cancellationToken);
            return Attempt<TOutput>.Done(failed, retryable);
        }
    }

    /// <summary>
    /// An agent that returned (or threw) without ever yielding cannot have been stopped or left early: its thread was
    /// held for the whole call. When that call outlasted the agent's timeout, or the run was cancelled or timed out
    /// meanwhile, its output is discarded and the step is reported as it would have been had the agent yielded:
    /// timed out or cancelled, saying that the agent blocked. Otherwise <see langword="null"/>.
    /// </summary>
    private (StepResult<TOutput> Result, bool Retryable)? Blocked<TInput, TOutput>(
        AgentStep<TInput, TOutput> step, long attemptStarted, AgentContext context, TokenUsage spent, decimal? cost, CancellationToken cancellationToken)
    {
        var held = Elapsed(attemptStarted);
        var limit = step.Timeout;
        var overran = held > limit;
        var runStopped = cancellationToken.IsCancellationRequested || _scope.PastDeadline;
        if (!overran && !runStopped)
        {
            return null;
        }

        var seconds = held.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var (status, why) = overran && !runStopped
            ? (StepStatus.TimedOut, $"its timeout of {step.Timeout.TotalSeconds:0.###} s passed")
            : _scope.TimedOut
                ? (StepStatus.TimedOut, $"the run timed out after {Options.Timeout!.Value.TotalSeconds:0.###} s")
                : (StepStatus.Cancelled, "the run was cancelled");
        var error = $"agent '{step.Template.Id}' blocked its thread for {seconds} s without yielding, and {why} meanwhile; its output was discarded. " +
            "An agent that blocks cannot be stopped or left early: await asynchronous work instead, so that timeouts and cancellation take effect on time";
        var result = new StepResult<TOutput>(step.Index, step.Template.Id, StepKind.Agent, status, default, context.Confidence, Elapsed(step.Started), context.Attempt, error,
            usage: spent + context.Usage, cost: Add(cost, context.Cost));
        return (result, status == StepStatus.TimedOut && !runStopped);
    }

    private static StepResult<TOutput> Completed<TInput, TOutput>(
        AgentStep<TInput, TOutput> step, TOutput output, AgentContext context, TokenUsage spent, decimal? cost) =>
        new(step.Index, step.Template.Id, StepKind.Agent, StepStatus.Completed, output, context.Confidence, Elapsed(step.Started), context.Attempt,
            usage: spent + context.UsageUnlocked, cost: Add(cost, context.CostUnlocked));

    /// <summary>What a thrown exception makes of an attempt: timed out, cancelled or failed, and whether to retry.</summary>
    private (StepResult<TOutput> Result, bool Retryable) Failed<TInput, TOutput>(
        AgentStep<TInput, TOutput> step, Exception ex, CancellationTokenSource limit, AgentContext context, TokenUsage spent, decimal? cost,
        CancellationToken cancellationToken)
    {
        var usage = spent + context.Usage;
        var total = Add(cost, context.Cost);
        if (ex is OperationCanceledException && limit.IsCancellationRequested)
        {
            var agentTimedOut = !cancellationToken.IsCancellationRequested;
            return (Interrupted<TOutput>(step.Index, step.Template.Id, StepKind.Agent, step.Started, agentTimedOut, ex, step.Timeout.TotalSeconds, context.Attempt,
                usage, total), agentTimedOut);
        }

        var failed = new StepResult<TOutput>(
            step.Index, step.Template.Id, StepKind.Agent, StepStatus.Failed, default, context.Confidence, Elapsed(step.Started), context.Attempt,
            $"{ex.GetType().Name}: {ex.Message}", ex, usage: usage, cost: total);
        return (failed, !cancellationToken.IsCancellationRequested);
    }

    /// <summary>What every attempt of one agent step shares (a struct: the synchronous path allocates nothing for it).</summary>
    private readonly record struct AgentStep<TInput, TOutput>(
        int Index,
        AgentTemplate<TInput, TOutput> Template,
        TInput Input,
        object? Handoff,
        long Started,
        System.Diagnostics.Activity? Activity,
        List<StepLogEntry>? Log,
        TimeSpan Timeout,
        RetryPolicy Retry);

    /// <summary>
    /// One attempt: ended (<see cref="Result"/>, and whether it is worth retrying), or still running (<see cref="Pending"/>,
    /// with its timeout source, context, and the tokens and cost spent by earlier attempts).
    /// </summary>
    private readonly record struct Attempt<TOutput>(
        StepResult<TOutput>? Result,
        bool Retryable,
        ValueTask<TOutput>? Pending,
        RunScope.Limit? Lease,
        AgentContext? Context,
        TokenUsage Spent,
        decimal? Cost,
        long Started = 0)
    {
        public static Attempt<TOutput> Done(StepResult<TOutput> result, bool retryable) => new(result, retryable, null, null, null, TokenUsage.None, null);
    }
}
