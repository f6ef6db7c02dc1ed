using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Orchestration.Rules;

/// <summary>
/// What a rule says, kept as a message format and its arguments: a rule writes its message as an interpolated string
/// (<c>$"Step {index} '{id}' takes {type} …"</c>) and this handler records the literal text as the format
/// (<c>Step {0} '{1}' takes {2} …</c>) and each value as an argument. The analyzers report it under a descriptor with
/// that format and those arguments, so a diagnostic's format says what the rule says and its arguments are the facts;
/// the run time and the generator use the formatted text. Equal when format and arguments are equal, so problems that
/// hold one still compare by value in the generator's incremental pipeline.
/// </summary>
/// <remarks>
/// A phrase without values that is a part of a message is written <c>$"the debate strategy"</c>: the <c>$</c> makes it
/// a <see cref="RuleText"/>, spliced into the format as literal text (a plain string would be a value, an argument).
/// The literal text only ever comes from the code, so a rule has as many formats as it has ways of being worded.
/// </remarks>
[InterpolatedStringHandler]
internal sealed class RuleText : IEquatable<RuleText>
{
    private readonly StringBuilder _format;
    private readonly List<string> _arguments;
    private string? _formatText;
    private string? _text;

    /// <summary>Called by the compiler for an interpolated string given where a <see cref="RuleText"/> is taken.</summary>
    public RuleText(int literalLength, int formattedCount)
    {
        _format = new StringBuilder(literalLength + (formattedCount * 4));
        _arguments = new List<string>(formattedCount);
    }

    /// <summary>No text: what an optional part of a message is when it is left out.</summary>
    public static RuleText None => new(0, 0);

    /// <summary>The message format: the literal text, with braces escaped and <c>{n}</c> where the n-th value goes.</summary>
    public string Format => _formatText ??= _format.ToString();

    /// <summary>The values, in order, as they appear in the message (numbers in the invariant culture).</summary>
    public IReadOnlyList<string> Arguments => _arguments;

    /// <summary>Called by the compiler with each piece of literal text.</summary>
    public void AppendLiteral(string value) => _format.Append(value.Replace("{", "{{").Replace("}", "}}"));

    /// <summary>
    /// Called by the compiler with each value. Another rule's text is spliced in (its format, its arguments numbered
    /// on from these), so that a message made of parts keeps every fact an argument.
    /// </summary>
    public void AppendFormatted<T>(T value)
    {
        if (value is RuleText part)
        {
            Splice(part);
            return;
        }

        AppendPlaceholder(_arguments.Count);
        _arguments.Add(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? string.Empty);
    }

    private void AppendPlaceholder(int index) => _format.Append('{').Append(index.ToString(CultureInfo.InvariantCulture)).Append('}');

    private void Splice(RuleText part)
    {
        var format = part.Format;
        var offset = _arguments.Count;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                _format.Append(c).Append(c);
                i++;
            }
            else if (c == '{')
            {
                var close = format.IndexOf('}', i);
                AppendPlaceholder(offset + int.Parse(format.Substring(i + 1, close - i - 1), CultureInfo.InvariantCulture));
                i = close;
            }
            else
            {
                _format.Append(c);
            }
        }

        _arguments.AddRange(part._arguments);
    }

    /// <summary>The message with its arguments in place.</summary>
    public override string ToString() => _text ??= string.Format(CultureInfo.InvariantCulture, Format, [.. _arguments]);

    /// <inheritdoc/>
    public bool Equals(RuleText? other) =>
        other is not null && Format == other.Format && System.Linq.Enumerable.SequenceEqual(_arguments, other._arguments);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RuleText);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
}
