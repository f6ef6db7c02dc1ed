using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Npgsql;
using Orchestration.Records;

namespace Orchestration.PostgreSql;

/// <summary>How records map to rows and back: the columns read, and the JSON kept in <c>jsonb</c> columns.</summary>
internal static class RecordRows
{
    public const string RunColumns =
        "run_id, workflow_id, strategy, status, started_at, finished_at, input::text, fingerprint, diagram, errors::text, wait::text, output::text";

    public const string StepColumns =
        "path, step_index, step_id, kind, status, duration_ms, attempts, confidence, input_tokens, output_tokens, cost, output::text, request::text, at_deadline, error";

    public const string EventColumns = "seq, kind, at, path, step_index, step_id, status, detail";

    /// <summary>A run from a row of <see cref="RunColumns"/> (at <paramref name="offset"/>), with its steps.</summary>
    public static RunRecord Run(NpgsqlDataReader row, IReadOnlyList<StepRecord> steps, int offset = 0) => new(
        row.GetString(offset),
        row.GetString(offset + 1),
        row.GetString(offset + 2),
        row.GetString(offset + 3),
        row.GetFieldValue<DateTimeOffset>(offset + 4),
        row.IsDBNull(offset + 5) ? null : row.GetFieldValue<DateTimeOffset>(offset + 5),
        NullableString(row, offset + 6),
        steps,
        Errors(row.GetString(offset + 9)),
        NullableString(row, offset + 7),
        NullableString(row, offset + 8),
        NullableString(row, offset + 10) is { } wait ? Wait(wait) : null,
        NullableString(row, offset + 11));

    /// <summary>A step from a row of <see cref="StepColumns"/> starting at <paramref name="offset"/>, with the log in the column after them when read.</summary>
    public static StepRecord Step(NpgsqlDataReader row, bool withLog, int offset = 0) => new(
        row.GetString(offset),
        row.GetInt32(offset + 1),
        row.GetString(offset + 2),
        row.GetString(offset + 3),
        row.GetString(offset + 4),
        row.GetDouble(offset + 5),
        row.GetInt32(offset + 6),
        row.IsDBNull(offset + 7) ? null : row.GetDouble(offset + 7),
        new TokenUsage(row.GetInt64(offset + 8), row.GetInt64(offset + 9)),
        row.IsDBNull(offset + 10) ? null : row.GetDecimal(offset + 10),
        NullableString(row, offset + 11),
        NullableString(row, offset + 14))
    {
        Request = NullableString(row, offset + 12),
        AtDeadline = row.GetBoolean(offset + 13),
        Log = withLog && NullableString(row, offset + 15) is { } log ? Log(log) : Array.Empty<StepLogEntry>(),
    };

    public static RunEvent Event(string runId, NpgsqlDataReader row) => new(runId, row.GetInt64(0), Enum.Parse<RunEventKind>(row.GetString(1)), row.GetFieldValue<DateTimeOffset>(2))
    {
        Path = NullableString(row, 3),
        Index = row.IsDBNull(4) ? null : row.GetInt32(4),
        StepId = NullableString(row, 5),
        Status = NullableString(row, 6),
        Detail = NullableString(row, 7),
    };

    public static string ErrorsJson(IReadOnlyList<string> errors) => Json(writer =>
    {
        writer.WriteStartArray();
        foreach (var error in errors)
        {
            writer.WriteStringValue(error);
        }

        writer.WriteEndArray();
    });

    public static string WaitJson(RunWait wait) => Json(wait.WriteTo);

    public static string LogJson(IReadOnlyList<StepLogEntry> log) => Json(writer =>
    {
        writer.WriteStartArray();
        foreach (var entry in log)
        {
            writer.WriteStartObject();
            writer.WriteNumber("attempt", entry.Attempt);
            writer.WriteString("kind", entry.Kind);
            writer.WriteString("text", entry.Text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    /// <summary>A parameter holding JSON text for a <c>jsonb</c> column (or SQL null).</summary>
    public static NpgsqlParameter Jsonb(string name, string? json) =>
        new(name, NpgsqlTypes.NpgsqlDbType.Jsonb) { Value = (object?)json ?? DBNull.Value };

    /// <summary>A parameter that may be SQL null.</summary>
    public static NpgsqlParameter Nullable<T>(string name, T? value, NpgsqlTypes.NpgsqlDbType type)
        where T : struct => new(name, type) { Value = value.HasValue ? value.Value : DBNull.Value };

    /// <summary>A text parameter that may be SQL null.</summary>
    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static string? NullableString(NpgsqlDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);

    private static IReadOnlyList<string> Errors(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray();
    }

    private static RunWait Wait(string json)
    {
        using var document = JsonDocument.Parse(json);
        return RunWait.ReadFrom(document.RootElement);
    }

    private static IReadOnlyList<StepLogEntry> Log(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(e => new StepLogEntry(e.GetProperty("attempt").GetInt32(), e.GetProperty("kind").GetString()!, e.GetProperty("text").GetString()!))
            .ToArray();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
