using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Orchestration.Dashboard.Pages;
using Orchestration.Records;

namespace Orchestration.Dashboard.Api;

/// <summary>
/// The JSON the API answers with: the run list, a run's steps with their logs, and one event of the live stream. A run
/// itself is answered in the run-record format (<see cref="RunRecord.ToJson"/>), so that the API and the store agree.
/// </summary>
internal static class ApiJson
{
    /// <summary><c>{"runs":[...]}</c>: each run's summary, or its id and why it cannot be read.</summary>
    public static string RunList(IReadOnlyList<StoredRun> runs, DateTimeOffset now) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("runs");
        foreach (var run in runs)
        {
            json.WriteStartObject();
            json.WriteString("runId", run.RunId);
            if (run.Record is not { } record)
            {
                json.WriteString("problem", run.Problem);
                json.WriteEndObject();
                continue;
            }

            json.WriteString("workflowId", record.WorkflowId);
            json.WriteString("strategy", record.Strategy);
            json.WriteString("status", record.Status);
            json.WriteString("startedAt", record.StartedAt);
            if (record.FinishedAt is { } finished)
            {
                json.WriteString("finishedAt", finished);
            }

            json.WriteNumber("durationMs", Math.Round(((record.FinishedAt ?? now) - record.StartedAt).TotalMilliseconds, 3));
            json.WriteNumber("steps", record.Steps.Count);
            json.WriteNumber("inputTokens", record.Usage.InputTokens);
            json.WriteNumber("outputTokens", record.Usage.OutputTokens);
            if (record.Cost is { } cost)
            {
                json.WriteNumber("cost", cost);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary><c>{"steps":[...]}</c>: the finished steps in the order they finished, each with its log.</summary>
    public static string Steps(IReadOnlyList<StepRecord> steps) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("steps");
        foreach (var step in steps)
        {
            json.WriteStartObject();
            json.WriteString("path", step.Path);
            json.WriteNumber("index", step.Index);
            json.WriteString("stepId", step.StepId);
            json.WriteString("kind", step.Kind);
            json.WriteString("status", step.Status);
            json.WriteNumber("durationMs", Math.Round(step.DurationMs, 3));
            json.WriteNumber("attempts", step.Attempts);
            json.WriteNumber("inputTokens", step.Usage.InputTokens);
            json.WriteNumber("outputTokens", step.Usage.OutputTokens);
            if (step.Cost is { } cost)
            {
                json.WriteNumber("cost", cost);
            }

            Raw(json, "request", step.Request);
            Raw(json, "output", step.Output);
            if (step.Error is { } error)
            {
                json.WriteString("error", error);
            }

            json.WriteStartArray("log");
            foreach (var entry in step.Log)
            {
                json.WriteStartObject();
                json.WriteNumber("attempt", entry.Attempt);
                json.WriteString("kind", entry.Kind);
                json.WriteString("text", entry.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary>One event on one line (the data of a server-sent event), with the text the page shows for it.</summary>
    public static string Event(RunEvent item) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("sequence", item.Sequence);
        json.WriteString("kind", item.Kind.ToString());
        json.WriteString("at", item.At);
        if (item.Path is { } path)
        {
            json.WriteString("path", path);
        }

        if (item.Index is { } index)
        {
            json.WriteNumber("index", index);
        }

        if (item.StepId is { } stepId)
        {
            json.WriteString("stepId", stepId);
        }

        if (item.Status is { } status)
        {
            json.WriteString("status", status);
        }

        if (item.Detail is { } detail)
        {
            json.WriteString("detail", detail);
        }

        json.WriteString("text", RunPage.EventText(item));
        json.WriteEndObject();
    });

    private static void Raw(Utf8JsonWriter json, string name, string? rawJson)
    {
        if (rawJson is not null)
        {
            json.WritePropertyName(name);
            json.WriteRawValue(rawJson);
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
