using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Orchestration.Dashboard.Rendering;

/// <summary>
/// Builds HTML (and inline SVG) in which every value is encoded unless it is <see cref="Markup"/>: in
/// <c>html.Append($"&lt;td&gt;{step.Output}&lt;/td&gt;")</c> the literal parts are ours and the holes are encoded, so a
/// step output or log (untrusted text) can only ever appear as text.
/// </summary>
internal sealed class HtmlWriter
{
    // Encodes what HTML gives meaning to (< > & " ' and control characters) but keeps other characters readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _text = new();

    /// <summary>Appends <paramref name="html"/>: its literal parts as written, its holes encoded (unless they are <see cref="Markup"/>).</summary>
    public HtmlWriter Append([InterpolatedStringHandlerArgument("")] ref HtmlInterpolation html) => this;

    /// <summary>Appends text, encoded.</summary>
    public HtmlWriter Text(string? text)
    {
        AppendEncoded(text);
        return this;
    }

    /// <summary>Appends markup written by this assembly.</summary>
    public HtmlWriter Raw(Markup markup)
    {
        _text.Append(markup.Value);
        return this;
    }

    /// <summary>Encodes <paramref name="text"/> for use as HTML text or inside a quoted attribute.</summary>
    public static string Encode(string? text) => text is null ? string.Empty : Encoder.Encode(text);

    /// <inheritdoc />
    public override string ToString() => _text.ToString();

    internal void AppendLiteral(string literal) => _text.Append(literal);

    internal void AppendEncoded(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _text.Append(Encoder.Encode(text));
        }
    }
}

/// <summary>Markup that this assembly wrote (never text from a record): appended to an <see cref="HtmlWriter"/> as is.</summary>
internal readonly struct Markup
{
    public Markup(string value) => Value = value ?? string.Empty;

    public string Value { get; }

    public override string ToString() => Value;
}

/// <summary>The interpolated-string handler of <see cref="HtmlWriter.Append"/>: literals as written, holes encoded.</summary>
[InterpolatedStringHandler]
internal readonly ref struct HtmlInterpolation
{
    private readonly HtmlWriter _writer;

    public HtmlInterpolation(int literalLength, int formattedCount, HtmlWriter writer)
    {
        _ = literalLength;
        _ = formattedCount;
        _writer = writer;
    }

    public void AppendLiteral(string literal) => _writer.AppendLiteral(literal);

    public void AppendFormatted(Markup markup) => _writer.Raw(markup);

    public void AppendFormatted(string? text) => _writer.AppendEncoded(text);

    public void AppendFormatted<T>(T value) => _writer.AppendEncoded(Convert.ToString(value, CultureInfo.InvariantCulture));

    public void AppendFormatted<T>(T value, string? format) =>
        _writer.AppendEncoded(value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture));
}
