using System;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orchestration.Records;

namespace Orchestration.Dashboard.Pages;

/// <summary>How the pages write times, durations, tokens, costs and recorded JSON.</summary>
internal static class DisplayFormat
{
    private static readonly JsonWriterOptions Readable = new()
    {
        Indented = true,
        // Shown as text (and HTML-encoded by the page): '<' must stay '<' for a reader, not become \u003C.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    public static string ClockTime(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Duration(double milliseconds) => milliseconds switch
    {
        < 10 => milliseconds.ToString("0.##", CultureInfo.InvariantCulture) + " ms",
        < 1000 => milliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms",
        < 60_000 => (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s",
        _ => TimeSpan.FromMilliseconds(milliseconds).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture),
    };

    /// <summary>How long a run took, or has been going (<paramref name="now"/> minus its start) while it is not finished.</summary>
    public static string RunDuration(RunRecord record, DateTimeOffset now) =>
        record.FinishedAt is { } end ? Duration((end - record.StartedAt).TotalMilliseconds) : Duration(Math.Max(0, (now - record.StartedAt).TotalMilliseconds)) + " so far";

    public static string Tokens(TokenUsage usage) => usage.TotalTokens == 0
        ? "0"
        : string.Create(CultureInfo.InvariantCulture, $"{usage.TotalTokens} ({usage.InputTokens} in, {usage.OutputTokens} out)");

    public static string Cost(decimal? cost) => cost is { } value ? value.ToString("0.######", CultureInfo.InvariantCulture) : "—";

    /// <summary>
    /// Recorded JSON for reading: a string value as its text (an agent's reply reads as written), anything else indented.
    /// Text that is not JSON is returned as it is.
    /// </summary>
    public static string Json(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.String)
            {
                return document.RootElement.GetString()!;
            }

            using var buffer = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Readable))
            {
                document.RootElement.WriteTo(writer);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
