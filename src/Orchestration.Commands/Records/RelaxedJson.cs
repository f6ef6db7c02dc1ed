using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orchestration.Commands.Records;

/// <summary>
/// JSON for people and scripts to read: indented, and with quotes, '&lt;', '&amp;' and non-ASCII letters written as
/// themselves rather than as <c>\u0022</c>-style escapes (the default encoder's guard for JSON embedded in HTML, which
/// this output never is).
/// </summary>
internal static class RelaxedJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes JSON with <paramref name="write"/>.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The same JSON value, rewritten (a run record, which the runtime writes with the default escaping).</summary>
    public static string Rewrite(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Write(document.WriteTo);
    }
}
