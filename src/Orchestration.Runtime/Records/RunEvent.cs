using System;

namespace Orchestration.Records;

/// <summary>What happened in a run, in the order it happened (see <see cref="IRunStore.FollowAsync"/>).</summary>
public enum RunEventKind
{
    /// <summary>The run started.</summary>
    Started = 0,

    /// <summary>A step started.</summary>
    StepStarted = 1,

    /// <summary>A step finished; <see cref="RunEvent.Status"/> says how.</summary>
    StepFinished = 2,

    /// <summary>The run stopped to wait for a response or a time; <see cref="RunEvent.StepId"/> says for what.</summary>
    Waiting = 3,

    /// <summary>A response to the run's input request was recorded.</summary>
    Responded = 4,

    /// <summary>The run continues after a stop; <see cref="RunEvent.Detail"/> says why (resume, respond, timer, deadline, recovery).</summary>
    Resumed = 5,

    /// <summary>The run ended; <see cref="RunEvent.Status"/> says how.</summary>
    Finished = 6,
}

/// <summary>One event of a run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Sequence">The event's 1-based position in the run's events.</param>
/// <param name="Kind">What happened.</param>
/// <param name="At">When.</param>
public sealed record RunEvent(string RunId, long Sequence, RunEventKind Kind, DateTimeOffset At)
{
    /// <summary>For step events and waits, the workflows from the top to the step's own, joined with '/'.</summary>
    public string? Path { get; init; }

    /// <summary>For step events and waits, the step's 1-based position in its workflow.</summary>
    public int? Index { get; init; }

    /// <summary>For step events and waits, the template, workflow or input request id (<c>delay</c> for timers).</summary>
    public string? StepId { get; init; }

    /// <summary>For finished steps and runs, how they ended (<c>completed</c>, <c>failed</c>, ...).</summary>
    public string? Status { get; init; }

    /// <summary>More about the event: the workflow id (started), the reason (resumed), the due time (waiting), the error (step finished).</summary>
    public string? Detail { get; init; }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        RunEventKind.StepStarted => $"#{Sequence} step {Index} '{StepId}' started ({Path})",
        RunEventKind.StepFinished => $"#{Sequence} step {Index} '{StepId}' {Status} ({Path})",
        RunEventKind.Waiting => $"#{Sequence} waiting at step {Index} '{StepId}' ({Path})" + (Detail is null ? string.Empty : $": {Detail}"),
        RunEventKind.Finished => $"#{Sequence} finished: {Status}",
        _ => $"#{Sequence} {Kind.ToString().ToLowerInvariant()}" + (Detail is null ? string.Empty : $": {Detail}"),
    };
}
