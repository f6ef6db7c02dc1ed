using System;

namespace Orchestration;

/// <summary>What a waiting run waits for: a response to an input request, or a time.</summary>
/// <param name="Kind"><see cref="Input"/> or <see cref="Timer"/>.</param>
/// <param name="Path">The workflows from the top to the one that owns the waiting step, joined with '/'.</param>
/// <param name="Index">The waiting step's 1-based position in its workflow.</param>
/// <param name="Occurrence">Which time this step was reached in the run (1 for the first).</param>
/// <param name="StepId">The input request's id, or <c>delay</c> for a timer.</param>
/// <param name="Since">When the run started waiting here.</param>
/// <param name="DueAt">For a timer, when it is due; for an input request, its deadline (<see langword="null"/> for none).</param>
/// <param name="Request">For an input request, the request as JSON.</param>
public sealed record RunWait(string Kind, string Path, int Index, int Occurrence, string StepId, DateTimeOffset Since, DateTimeOffset? DueAt, string? Request)
{
    /// <summary>The <see cref="Kind"/> of a wait for a response.</summary>
    public const string Input = "input";

    /// <summary>The <see cref="Kind"/> of a wait for a time.</summary>
    public const string Timer = "timer";

    /// <summary>For an input request, the full name of the response type it waits for.</summary>
    public string? ResponseType { get; init; }

    /// <summary>For an input request, what it asks for (its declaration's description).</summary>
    public string? Description { get; init; }

    /// <summary>Whether the wait can be ended now without a response: a timer that is due, or a deadline that passed.</summary>
    public bool IsDue(DateTimeOffset now) => DueAt is { } due && due <= now;

    /// <inheritdoc />
    public override string ToString() => Kind == Timer
        ? $"step {Index} of '{Path}' waits until {DueAt:O}"
        : $"step {Index} of '{Path}' waits for a response to '{StepId}'" + (DueAt is { } deadline ? $" (deadline {deadline:O})" : string.Empty);
}
