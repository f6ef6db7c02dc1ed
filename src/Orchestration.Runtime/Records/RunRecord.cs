using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Orchestration.Recovery;

namespace Orchestration.Records;

/// <summary>
/// What a run store keeps about one run: identity, status, timings, totals, and every step recorded so far. Written
/// and read as <c>state.json</c>; the format carries a version and is read strictly, so a damaged file gives a clear
/// error instead of a half-read run.
/// </summary>
public sealed class RunRecord
{
    /// <summary>The format version written into <c>state.json</c>. Version 1 (before waits) is still read.</summary>
    public const int FormatVersion = 2;

    /// <summary>Creates a record.</summary>
    public RunRecord(string runId, string workflowId, string strategy, string status, DateTimeOffset startedAt, DateTimeOffset? finishedAt, string? input, IReadOnlyList<StepRecord> steps, IReadOnlyList<string> errors, string? fingerprint = null, string? diagram = null, RunWait? wait = null, string? output = null)
    {
        Wait = wait;
        Output = output;
        Fingerprint = fingerprint;
        Diagram = diagram;
        RunId = runId;
        WorkflowId = workflowId;
        Strategy = strategy;
        Status = status;
        StartedAt = startedAt;
        FinishedAt = finishedAt;
        Input = input;
        Steps = steps;
        Errors = errors;
    }

    /// <summary>The run id.</summary>
    public string RunId { get; }

    /// <summary>The workflow's <see cref="WorkflowDefinition.Fingerprint"/> when the run started.</summary>
    public string? Fingerprint { get; }

    /// <summary>The workflow's Mermaid diagram when the run started, so that reports can show it without the workflow.</summary>
    public string? Diagram { get; }

    /// <summary>The top-level workflow's id.</summary>
    public string WorkflowId { get; }

    /// <summary>Its strategy.</summary>
    public string Strategy { get; }

    /// <summary>
    /// <c>running</c> while the run is in progress (or was, when its process died), <c>waiting</c> while it waits for a
    /// response or a time (see <see cref="Wait"/>), then the final status (<c>completed</c>, <c>failed</c>, ...).
    /// </summary>
    public string Status { get; }

    /// <summary>What the run waits for while its status is <c>waiting</c>; otherwise <see langword="null"/>.</summary>
    public RunWait? Wait { get; }

    /// <summary>Whether the run ended for good: completed, failed, cancelled, timed out or exhausted (not running or waiting).</summary>
    public bool IsFinished => Status is not ("running" or "waiting");

    /// <summary>
    /// Whether the run stopped because its store failed (a write was refused or lost), not because of its own steps: it
    /// is recorded as failed with the store's error first. The recovery service continues such runs
    /// (<see cref="RunRecoveryOptions.ContinueStoreFailures"/>).
    /// </summary>
    public bool StoppedByStoreFailure => Status == "failed" && Errors.Count > 0 && Errors[0].StartsWith(StoreFailurePrefix, StringComparison.Ordinal);

    /// <summary>How the first error of a run stopped by its store begins.</summary>
    internal const string StoreFailurePrefix = "the run store failed, so the run stopped: ";

    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>When it finished, or <see langword="null"/> while running (or if the process stopped).</summary>
    public DateTimeOffset? FinishedAt { get; }

    /// <summary>The input as JSON, when it could be serialized.</summary>
    public string? Input { get; }

    /// <summary>When the run completed, the workflow's output as JSON (when it could be serialized); otherwise <see langword="null"/>.</summary>
    public string? Output { get; }

    /// <summary>Every step recorded, nested workflows' steps included, in the order they finished.</summary>
    public IReadOnlyList<StepRecord> Steps { get; }

    /// <summary>The run's errors, root cause first.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Tokens over every agent step.</summary>
    public TokenUsage Usage => Steps.Where(s => s.Kind == "agent").Aggregate(TokenUsage.None, (total, s) => total + s.Usage);

    /// <summary>Cost over every agent step with a price, or <see langword="null"/>.</summary>
    public decimal? Cost => Steps.Any(s => s.Kind == "agent" && s.Cost is not null) ? Steps.Where(s => s.Kind == "agent").Sum(s => s.Cost ?? 0m) : null;

    /// <summary>The record with a new status, end time, errors and output (and no wait).</summary>
    public RunRecord Finish(string status, DateTimeOffset finishedAt, IReadOnlyList<string> errors, string? output = null) =>
        new(RunId, WorkflowId, Strategy, status, StartedAt, finishedAt, Input, Steps, errors, Fingerprint, Diagram, output: output);

    /// <summary>The record with one more step.</summary>
    public RunRecord WithStep(StepRecord step) =>
        new(RunId, WorkflowId, Strategy, Status, StartedAt, FinishedAt, Input, Steps.Append(step).ToArray(), Errors, Fingerprint, Diagram, Wait);

    /// <summary>The record running again after a stop: status <c>running</c>, no end time, no errors, no wait, steps kept.</summary>
    public RunRecord Continue() => new(RunId, WorkflowId, Strategy, "running", StartedAt, null, Input, Steps, Array.Empty<string>(), Fingerprint, Diagram);

    /// <summary>The record waiting for <paramref name="wait"/>: status <c>waiting</c>, no end time, no errors.</summary>
    public RunRecord Suspend(RunWait wait) => new(RunId, WorkflowId, Strategy, "waiting", StartedAt, null, Input, Steps, Array.Empty<string>(), Fingerprint, Diagram, wait);

    /// <summary>Writes the record as JSON.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("format", FormatVersion);
            json.WriteString("runId", RunId);
            json.WriteString("workflowId", WorkflowId);
            json.WriteString("strategy", Strategy);
            if (Fingerprint is not null)
            {
                json.WriteString("fingerprint", Fingerprint);
            }

            if (Diagram is not null)
            {
                json.WriteString("diagram", Diagram);
            }

            json.WriteString("status", Status);
            if (Wait is { } wait)
            {
                json.WritePropertyName("wait");
                wait.WriteTo(json);
            }

            json.WriteString("startedAt", StartedAt);
            if (FinishedAt is { } finished)
            {
                json.WriteString("finishedAt", finished);
            }

            WriteRaw(json, "input", Input);
            WriteRaw(json, "output", Output);
            json.WriteStartArray("steps");
            foreach (var step in Steps)
            {
                step.Write(json);
            }

            json.WriteEndArray();
            json.WriteStartArray("errors");
            foreach (var error in Errors)
            {
                json.WriteStringValue(error);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a record written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not a run record of this format; the message says what is wrong.</exception>
    public static RunRecord FromJson(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var format = root.GetProperty("format").GetInt32();
            if (format is < 1 or > FormatVersion)
            {
                throw new InvalidDataException($"{source} is run-record format {format}; this version reads formats 1 to {FormatVersion}. A newer version of Orchestration wrote it: read it with that version.");
            }

            return new RunRecord(
                root.GetProperty("runId").GetString()!,
                root.GetProperty("workflowId").GetString()!,
                root.GetProperty("strategy").GetString()!,
                root.GetProperty("status").GetString()!,
                root.GetProperty("startedAt").GetDateTimeOffset(),
                root.TryGetProperty("finishedAt", out var finished) ? finished.GetDateTimeOffset() : null,
                root.TryGetProperty("input", out var input) ? input.GetRawText() : null,
                root.GetProperty("steps").EnumerateArray().Select(StepRecord.Read).ToArray(),
                root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                root.TryGetProperty("fingerprint", out var fingerprint) ? fingerprint.GetString() : null,
                root.TryGetProperty("diagram", out var diagram) ? diagram.GetString() : null,
                root.TryGetProperty("wait", out var wait) ? RunWait.ReadFrom(wait) : null,
                root.TryGetProperty("output", out var output) ? output.GetRawText() : null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source} is not a valid run record ({ex.Message}). The file may be truncated or edited; the run's events.jsonl and step logs are untouched.", ex);
        }
    }

    internal static void WriteRaw(Utf8JsonWriter json, string name, string? rawJson)
    {
        if (rawJson is null)
        {
            return;
        }

        json.WritePropertyName(name);
        json.WriteRawValue(rawJson, skipInputValidation: false);
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One recorded step.</summary>
/// <param name="Path">The workflows from the top to the one that owns the step, joined with '/'.</param>
/// <param name="Index">The step's 1-based position in its workflow.</param>
/// <param name="StepId">The template or workflow id.</param>
/// <param name="Kind"><c>agent</c>, <c>workflow</c>, <c>wait</c> or <c>timer</c>.</param>
/// <param name="Status">How the step ended.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Attempts">How many attempts it took.</param>
/// <param name="Confidence">The confidence the agent reported, if any.</param>
/// <param name="Usage">Tokens used.</param>
/// <param name="Cost">Cost, when known.</param>
/// <param name="Output">The output as JSON, when it completed and could be serialized.</param>
/// <param name="Error">Why it did not complete.</param>
public sealed record StepRecord(
    string Path,
    int Index,
    string StepId,
    string Kind,
    string Status,
    double DurationMs,
    int Attempts,
    double? Confidence,
    TokenUsage Usage,
    decimal? Cost,
    string? Output,
    string? Error)
{
    /// <summary>What the agent logged (prompts, raw replies), over all attempts. Kept in the step's file, not in <c>state.json</c>.</summary>
    public IReadOnlyList<StepLogEntry> Log { get; init; } = Array.Empty<StepLogEntry>();

    /// <summary>For a wait step, the request the run sent, as JSON (its response is <see cref="Output"/>).</summary>
    public string? Request { get; init; }

    /// <summary>For a wait step, whether the response is the one given at the deadline rather than by a responder.</summary>
    public bool AtDeadline { get; init; }

    internal void Write(Utf8JsonWriter json, bool withLog = false)
    {
        json.WriteStartObject();
        json.WriteString("path", Path);
        json.WriteNumber("index", Index);
        json.WriteString("stepId", StepId);
        json.WriteString("kind", Kind);
        json.WriteString("status", Status);
        json.WriteNumber("durationMs", Math.Round(DurationMs, 3));
        json.WriteNumber("attempts", Attempts);
        if (Confidence is { } confidence)
        {
            json.WriteNumber("confidence", confidence);
        }

        json.WriteNumber("inputTokens", Usage.InputTokens);
        json.WriteNumber("outputTokens", Usage.OutputTokens);
        if (Cost is { } cost)
        {
            json.WriteNumber("cost", cost);
        }

        RunRecord.WriteRaw(json, "request", Request);
        RunRecord.WriteRaw(json, "output", Output);
        if (AtDeadline)
        {
            json.WriteBoolean("atDeadline", true);
        }

        if (Error is not null)
        {
            json.WriteString("error", Error);
        }

        if (withLog && Log.Count > 0)
        {
            json.WriteStartArray("log");
            foreach (var entry in Log)
            {
                json.WriteStartObject();
                json.WriteNumber("attempt", entry.Attempt);
                json.WriteString("kind", entry.Kind);
                json.WriteString("text", entry.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    internal static StepRecord Read(JsonElement step) => new(
        step.GetProperty("path").GetString()!,
        step.GetProperty("index").GetInt32(),
        step.GetProperty("stepId").GetString()!,
        step.GetProperty("kind").GetString()!,
        step.GetProperty("status").GetString()!,
        step.GetProperty("durationMs").GetDouble(),
        step.GetProperty("attempts").GetInt32(),
        step.TryGetProperty("confidence", out var confidence) ? confidence.GetDouble() : null,
        new TokenUsage(step.GetProperty("inputTokens").GetInt64(), step.GetProperty("outputTokens").GetInt64()),
        step.TryGetProperty("cost", out var cost) ? cost.GetDecimal() : null,
        step.TryGetProperty("output", out var output) ? output.GetRawText() : null,
        step.TryGetProperty("error", out var error) ? error.GetString() : null)
    {
        Request = step.TryGetProperty("request", out var request) ? request.GetRawText() : null,
        AtDeadline = step.TryGetProperty("atDeadline", out var atDeadline) && atDeadline.GetBoolean(),
        Log = step.TryGetProperty("log", out var log)
            ? log.EnumerateArray().Select(e => new StepLogEntry(e.GetProperty("attempt").GetInt32(), e.GetProperty("kind").GetString()!, e.GetProperty("text").GetString()!)).ToArray()
            : Array.Empty<StepLogEntry>(),
    };
}
