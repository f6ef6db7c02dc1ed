using System;
using System.Text.Json;

namespace Orchestration.Records;

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

    /// <summary>Writes the wait as a JSON object, as run records keep it (every store and report writes it this way).</summary>
    /// <param name="json">Where to write it.</param>
    public void WriteTo(Utf8JsonWriter json)
    {
        if (json is null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        json.WriteStartObject();
        json.WriteString("kind", Kind);
        json.WriteString("path", Path);
        json.WriteNumber("index", Index);
        json.WriteNumber("occurrence", Occurrence);
        json.WriteString("stepId", StepId);
        json.WriteString("since", Since);
        if (DueAt is { } due)
        {
            json.WriteString("dueAt", due);
        }

        if (Description is { } description)
        {
            json.WriteString("description", description);
        }

        if (ResponseType is { } responseType)
        {
            json.WriteString("responseType", responseType);
        }

        RunRecord.WriteRaw(json, "request", Request);
        json.WriteEndObject();
    }

    /// <summary>Reads a wait written by <see cref="WriteTo"/>.</summary>
    /// <param name="wait">The JSON object.</param>
    /// <exception cref="FormatException">The kind is neither <see cref="Input"/> nor <see cref="Timer"/>.</exception>
    /// <exception cref="System.Collections.Generic.KeyNotFoundException">A required member is missing.</exception>
    public static RunWait ReadFrom(JsonElement wait)
    {
        var kind = wait.GetProperty("kind").GetString();
        if (kind is not (Input or Timer))
        {
            throw new FormatException($"wait kind '{kind}' is neither '{Input}' nor '{Timer}'");
        }

        return new RunWait(
            kind,
            wait.GetProperty("path").GetString()!,
            wait.GetProperty("index").GetInt32(),
            wait.GetProperty("occurrence").GetInt32(),
            wait.GetProperty("stepId").GetString()!,
            wait.GetProperty("since").GetDateTimeOffset(),
            wait.TryGetProperty("dueAt", out var due) ? due.GetDateTimeOffset() : null,
            wait.TryGetProperty("request", out var request) ? request.GetRawText() : null)
        {
            Description = wait.TryGetProperty("description", out var description) ? description.GetString() : null,
            ResponseType = wait.TryGetProperty("responseType", out var responseType) ? responseType.GetString() : null,
        };
    }

    /// <inheritdoc />
    public override string ToString() => Kind == Timer
        ? $"step {Index} of '{Path}' waits until {DueAt:O}"
        : $"step {Index} of '{Path}' waits for a response to '{StepId}'" + (DueAt is { } deadline ? $" (deadline {deadline:O})" : string.Empty);
}
