using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;

namespace Orchestration;

// Steps that suspend the run: a wait for the response to an input request, and a delay until a time.
public sealed partial class WorkflowRun
{
    /// <summary>
    /// Runs step <paramref name="index"/> (1-based) as a wait for a response to <paramref name="request"/>, with
    /// <paramref name="input"/> as the request. When the run being continued has the response, the step completes with
    /// it; otherwise the request is recorded and the step's status is <see cref="StepStatus.Waiting"/>, which ends the run
    /// as <see cref="WorkflowStatus.Waiting"/> (a generated runner returns at once). A passed deadline ends the wait with
    /// the request class's outcome.
    /// </summary>
    /// <remarks>Never throws for a wait that cannot be held (no store, a strategy that cannot hold it): the step fails with the reason.</remarks>
    public ValueTask<StepResult<Answered<TRequest, TResponse>>> AwaitResponseAsync<TRequest, TResponse>(
        int index,
        InputRequestDefinition<TRequest, TResponse> request,
        TRequest input,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var (slot, occurrence) = _scope.Reach(this, index);
        if (_scope.Recorded(slot, occurrence) is { Kind: "wait", Output: { } answer } recorded &&
            TryReadRecorded(answer, _scope.RecordOptions, out TResponse response))
        {
            return new(Record(new StepResult<Answered<TRequest, TResponse>>(
                index, request.Id, StepKind.Wait, StepStatus.Completed, new Answered<TRequest, TResponse>(input, response, recorded.AtDeadline), null,
                TimeSpan.FromMilliseconds(recorded.DurationMs), 1) { Restored = true }));
        }

        var started = Stopwatch.GetTimestamp();
        if (CannotSuspend(index, request.Id, needsStore: true) is { } problem)
        {
            return new(Record(new StepResult<Answered<TRequest, TResponse>>(index, request.Id, StepKind.Wait, StepStatus.Failed, default, null, Elapsed(started), 1, problem)));
        }

        var now = DateTimeOffset.UtcNow;
        var pending = Pending(RunWait.Input, index, occurrence);
        var since = pending?.Since ?? now;
        var deadline = pending is not null ? pending.DueAt : now + request.Deadline;
        var requestJson = pending?.Request ?? _scope.ToJson(input, typeof(TRequest));
        if (deadline is { } due && due <= now)
        {
            return new(AtDeadline(index, request, input, requestJson, since, due, now));
        }

        if (requestJson is null)
        {
            return new(Record(new StepResult<Answered<TRequest, TResponse>>(index, request.Id, StepKind.Wait, StepStatus.Failed, default, null, Elapsed(started), 1,
                $"the request of '{request.Id}' cannot be recorded: {typeof(TRequest).FullName} has no JSON metadata in WorkflowRunOptions.RecordSerializer (add it to your JsonSerializerContext)")));
        }

        _scope.Suspend(new RunWait(RunWait.Input, string.Join("/", Path), index, occurrence, request.Id, since, deadline, requestJson)
        {
            ResponseType = typeof(TResponse).FullName,
            Description = request.Description.Length == 0 ? null : request.Description,
        });
        return new(Record(new StepResult<Answered<TRequest, TResponse>>(index, request.Id, StepKind.Wait, StepStatus.Waiting, default, null, Elapsed(started), 1)));
    }

    /// <summary>Runs step <paramref name="index"/> (1-based) as a delay of <paramref name="delay"/>, passing <paramref name="input"/> on.</summary>
    /// <remarks>
    /// With a run store the due time is recorded and the step's status is <see cref="StepStatus.Waiting"/>: the run stops,
    /// and is continued when due (by the recovery service, or <c>ResumeAsync</c>). Without one, the run waits in memory.
    /// </remarks>
    public ValueTask<StepResult<T>> DelayAsync<T>(int index, TimeSpan delay, T input, CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero
            ? TimerAsync(index, input, null, delay, cancellationToken)
            : throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay must be positive.");

    /// <summary>
    /// Runs step <paramref name="index"/> (1-based) as a delay until the time <paramref name="dueAt"/> computes from
    /// <paramref name="input"/>, passing the input on. The time is computed once and recorded; see <see cref="DelayAsync{T}"/>.
    /// </summary>
    public ValueTask<StepResult<T>> DelayUntilAsync<T>(int index, T input, Func<T, DateTimeOffset> dueAt, CancellationToken cancellationToken) =>
        TimerAsync(index, input, dueAt ?? throw new ArgumentNullException(nameof(dueAt)), TimeSpan.Zero, cancellationToken);

    /// <summary>Reads a value a record holds (an output, a request, a response) with the run's record serializer.</summary>
    internal static bool TryReadRecorded<T>(string json, System.Text.Json.JsonSerializerOptions serializer, out T value) =>
        RunScope.TryDeserialize(json, serializer, out value);

    private ValueTask<StepResult<T>> TimerAsync<T>(int index, T input, Func<T, DateTimeOffset>? dueAt, TimeSpan delay, CancellationToken cancellationToken)
    {
        var (slot, occurrence) = _scope.Reach(this, index);
        if (_scope.Recorded(slot, occurrence) is { Kind: "timer" } recorded)
        {
            return new(Record(new StepResult<T>(index, WorkflowStep.DelayId, StepKind.Timer, StepStatus.Completed, input, null, TimeSpan.FromMilliseconds(recorded.DurationMs), 1) { Restored = true }));
        }

        var started = Stopwatch.GetTimestamp();
        if (CannotSuspend(index, awaits: null, needsStore: false) is { } problem)
        {
            return new(Record(new StepResult<T>(index, WorkflowStep.DelayId, StepKind.Timer, StepStatus.Failed, default, null, Elapsed(started), 1, problem)));
        }

        var now = DateTimeOffset.UtcNow;
        var pending = Pending(RunWait.Timer, index, occurrence);
        DateTimeOffset due;
        if (pending?.DueAt is { } recordedDue)
        {
            due = recordedDue;
        }
        else if (dueAt is null)
        {
            due = now + delay;
        }
        else
        {
            try
            {
                due = dueAt(input);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new(Record(new StepResult<T>(index, WorkflowStep.DelayId, StepKind.Timer, StepStatus.Failed, default, null, Elapsed(started), 1,
                    $"computing when the delay ends threw {ex.GetType().Name}: {ex.Message}", ex)));
            }
        }

        var since = pending?.Since ?? now;
        if (due <= now)
        {
            return new(Record(new StepResult<T>(index, WorkflowStep.DelayId, StepKind.Timer, StepStatus.Completed, input, null, now - since, 1)));
        }

        if (!_scope.IsRecorded)
        {
            // Nothing to record the due time in: the run waits here, in memory.
            return InMemoryDelayAsync(index, input, due, since, cancellationToken);
        }

        _scope.Suspend(new RunWait(RunWait.Timer, string.Join("/", Path), index, occurrence, WorkflowStep.DelayId, since, due, null));
        return new(Record(new StepResult<T>(index, WorkflowStep.DelayId, StepKind.Timer, StepStatus.Waiting, default, null, Elapsed(started), 1)));
    }

    private async ValueTask<StepResult<T>> InMemoryDelayAsync<T>(int index, T input, DateTimeOffset due, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Task.Delay takes at most about 49 days at a time.
            for (var left = due - DateTimeOffset.UtcNow; left > TimeSpan.Zero; left = due - DateTimeOffset.UtcNow)
            {
                await Task.Delay(left < TimeSpan.FromDays(30) ? left : TimeSpan.FromDays(30), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex)
        {
            return Record(Interrupted<T>(index, WorkflowStep.DelayId, StepKind.Timer, started, agentTimedOut: false, ex));
        }

        return Record(new StepResult<T>(index, WorkflowStep.DelayId, StepKind.Timer, StepStatus.Completed, input, null, DateTimeOffset.UtcNow - since, 1));
    }

    /// <summary>The wait the continued run was recorded as waiting at, when it is this step's.</summary>
    private RunWait? Pending(string kind, int index, int occurrence) =>
        _scope.PendingWait is { } wait && wait.Kind == kind && wait.Index == index && wait.Occurrence == occurrence && wait.Path == string.Join("/", Path)
            ? wait
            : null;

    /// <summary>
    /// Why this run cannot hold a wait or a timer at step <paramref name="index"/>: a workflow above it (or itself) runs a
    /// strategy that cannot be unwound and continued (<see cref="WaitPlacement"/>), or a wait has no store to be recorded in.
    /// <paramref name="awaits"/> is the input request a wait step waits for, null for a timer; the words are only put
    /// together when there is a problem, since every wait and timer a run reaches asks.
    /// </summary>
    private string? CannotSuspend(int index, string? awaits, bool needsStore)
    {
        for (var run = this; run is not null; run = run.Parent)
        {
            if (!WaitPlacement.CanHold(run.Workflow.Strategy))
            {
                // Described from the step up through each workflow between, as the build describes it.
                var inner = awaits is null ? WaitPlacement.Delays : WaitPlacement.Awaits(awaits);
                for (var level = this; level != run; level = level.Parent!)
                {
                    inner = WaitPlacement.Nests(level.Workflow.Id, inner);
                }

                var at = run == this ? index : StepOf(run, this);
                return WaitPlacement.Problem(run.Workflow.Id, run.Workflow.Strategy, at, inner).ToString();
            }
        }

        return needsStore && !_scope.IsRecorded
            ? $"step {index} waits for a response, which needs a run store to record the request and to be answered later (set WorkflowRunOptions.Store, for example to new FileRunStore())"
            : null;

        // The step of `ancestor` through which `descendant` runs.
        static int StepOf(WorkflowRun ancestor, WorkflowRun descendant)
        {
            var child = descendant;
            while (child.Parent != ancestor)
            {
                child = child.Parent!;
            }

            for (var i = 0; i < ancestor.Workflow.Steps.Count; i++)
            {
                if (ancestor.Workflow.Steps[i].Kind == StepKind.Workflow && ancestor.Workflow.Steps[i].TargetId == child.Workflow.Id)
                {
                    return i + 1;
                }
            }

            return 0;
        }
    }

    private StepResult<Answered<TRequest, TResponse>> AtDeadline<TRequest, TResponse>(
        int index, InputRequestDefinition<TRequest, TResponse> request, TRequest input, string? requestJson, DateTimeOffset since, DateTimeOffset deadline, DateTimeOffset now)
    {
        TResponse response;
        bool answered;
        try
        {
            var handler = request.CreateHandler(Services);
            response = default!;
            answered = handler is not null && handler.TryRespondAtDeadline(input, out response!);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Record(new StepResult<Answered<TRequest, TResponse>>(index, request.Id, StepKind.Wait, StepStatus.Failed, default, null, now - since, 1,
                $"deciding the outcome of the passed deadline of '{request.Id}' threw {ex.GetType().Name}: {ex.Message}", ex));
        }

        var path = string.Join("/", Path);
        if (!answered)
        {
            var error = $"nobody answered '{request.Id}' before its deadline ({deadline:O})";
            _scope.Write(new StepRecord(path, index, request.Id, "wait", "timed_out", (now - since).TotalMilliseconds, 1, null, TokenUsage.None, null, null, error) { Request = requestJson });
            return Record(new StepResult<Answered<TRequest, TResponse>>(index, request.Id, StepKind.Wait, StepStatus.TimedOut, default, null, now - since, 1, error) { Written = true });
        }

        _scope.Write(new StepRecord(path, index, request.Id, "wait", "completed", (now - since).TotalMilliseconds, 1, null, TokenUsage.None, null,
            _scope.ToJson(response, typeof(TResponse)), null) { Request = requestJson, AtDeadline = true });
        return Record(new StepResult<Answered<TRequest, TResponse>>(index, request.Id, StepKind.Wait, StepStatus.Completed,
            new Answered<TRequest, TResponse>(input, response, AtDeadline: true), null, now - since, 1) { Written = true });
    }
}
