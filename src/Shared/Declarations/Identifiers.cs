using System.Text;

namespace Orchestration.Declarations;

/// <summary>Turns ids into C# member names: <c>content_analyzer</c> → <c>ContentAnalyzer</c>.</summary>
internal static class Identifiers
{
    /// <summary>
    /// The longest name taken from an id. Metadata limits a name to 1,024 UTF-8 bytes (CS7013), and generated code puts
    /// prefixes and suffixes around member names (<c>Create…</c>, <c>Shared…</c>, <c>get_…</c>, <c>&lt;…&gt;k__BackingField</c>,
    /// <c>_2</c>); ids are not limited, so their names are cut. Every caller makes the names it hands out unique.
    /// </summary>
    public const int MaxNameLength = 128;

    public static string ToPascalCase(string id)
    {
        var text = new StringBuilder(System.Math.Min(id.Length, MaxNameLength));
        var upper = true;
        foreach (var c in id)
        {
            if (text.Length == MaxNameLength)
            {
                break;
            }

            if (char.IsLetterOrDigit(c))
            {
                text.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (text.Length == 0)
        {
            return "Unnamed";
        }

        if (char.IsDigit(text[0]))
        {
            text.Insert(0, '_');
        }

        return text.ToString();
    }

    /// <summary>A C# string literal for <paramref name="value"/>.</summary>
    public static string Literal(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        return AppendLiteral(new StringBuilder(value.Length + 2), value, 0, value.Length).ToString();
    }

    /// <summary>Appends a C# string literal for <paramref name="length"/> characters of <paramref name="value"/> from <paramref name="start"/>.</summary>
    public static StringBuilder AppendLiteral(StringBuilder text, string value, int start, int length)
    {
        const string Hex = "0123456789ABCDEF";
        text.Append('"');
        for (var i = start; i < start + length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c) || c > '\u007E')
                    {
                        text.Append("\\u").Append(Hex[(c >> 12) & 0xF]).Append(Hex[(c >> 8) & 0xF]).Append(Hex[(c >> 4) & 0xF]).Append(Hex[c & 0xF]);
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"');
    }

    /// <summary>Text safe inside an XML doc comment.</summary>
    public static string Xml(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
