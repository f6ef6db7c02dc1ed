using System.Collections.Generic;
using System.Text;

namespace Orchestration.Generators.Emit;

/// <summary>A small indentation-aware text writer for generated code. Always writes '\n' line endings.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    /// <summary>
    /// Writes a line holding the C# string literal of <paramref name="length"/> characters of <paramref name="value"/>
    /// from <paramref name="start"/>, then <paramref name="suffix"/>, without copying the part first.
    /// </summary>
    public SourceWriter LiteralLine(string value, int start, int length, string suffix)
    {
        Orchestration.Declarations.Identifiers.AppendLiteral(_text.Append(' ', _indent * 4), value, start, length).Append(suffix).Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="line"/> then an opening brace, and indents.</summary>
    public SourceWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    /// <summary>Unindents and writes a closing brace (with an optional suffix such as ';').</summary>
    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    public SourceWriter Unindent()
    {
        _indent--;
        return this;
    }

    /// <summary>The column generated lines are wrapped at where the language allows it (doc text, parameter lists).</summary>
    public const int Width = 120;

    /// <summary>
    /// Writes a doc comment, one <c>///</c> line per line of <paramref name="xml"/>, wrapping text longer than
    /// <see cref="Width"/> at spaces outside tags; lines inside <c>&lt;code&gt;</c> are written as they are.
    /// </summary>
    public SourceWriter Doc(string xml)
    {
        var inCode = false;
        foreach (var line in xml.Split('\n'))
        {
            if (line == "<code>")
            {
                inCode = true;
            }
            else if (line == "</code>")
            {
                inCode = false;
            }

            if (inCode)
            {
                Line("/// " + line);
                continue;
            }

            foreach (var part in Wrap(line, Width - (_indent * 4) - 4))
            {
                Line("/// " + part);
            }
        }

        return this;
    }

    /// <summary>
    /// Writes a member signature: <c>head(p1, p2)suffix</c> on one line when it fits in <see cref="Width"/>, otherwise
    /// one parameter per line under <c>head(</c>.
    /// </summary>
    public SourceWriter Signature(string head, string suffix, params string[] parameters)
    {
        var single = head + "(" + string.Join(", ", parameters) + ")" + suffix;
        if ((_indent * 4) + single.Length <= Width || parameters.Length == 0)
        {
            return Line(single);
        }

        Line(head + "(");
        _indent++;
        for (var i = 0; i < parameters.Length; i++)
        {
            Line(parameters[i] + (i < parameters.Length - 1 ? "," : ")" + suffix));
        }

        _indent--;
        return this;
    }

    /// <summary>Splits <paramref name="text"/> at spaces that are not inside an XML tag, into parts of at most <paramref name="width"/> where possible.</summary>
    private static IEnumerable<string> Wrap(string text, int width)
    {
        if (text.Length <= width)
        {
            yield return text;
            yield break;
        }

        var start = 0;
        var lastBreak = -1;
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '<')
            {
                depth++;
            }
            else if (c == '>' && depth > 0)
            {
                depth--;
            }
            else if (c == ' ' && depth == 0)
            {
                if (i - start > width && lastBreak > start)
                {
                    yield return text.Substring(start, lastBreak - start);
                    start = lastBreak + 1;
                }

                lastBreak = i;
            }
        }

        if (text.Length - start > width && lastBreak > start)
        {
            yield return text.Substring(start, lastBreak - start);
            start = lastBreak + 1;
        }

        yield return text.Substring(start);
    }

    public override string ToString() => _text.ToString();
}
