namespace Orchestration;

/// <summary>Reads model ids the way price tables are written: no provider prefix, no date or version stamp.</summary>
internal static class ModelIds
{
    /// <summary>
    /// "openai/gpt-4o-mini-2024-07-18" → "gpt-4o-mini"; "claude-3-5-sonnet@20240620" → "claude-3-5-sonnet";
    /// "gpt-4-0613" → "gpt-4". Anything else is returned as is.
    /// </summary>
    public static string Normalize(string id)
    {
        var text = id.Trim();
        var slash = text.LastIndexOf('/');
        if (slash >= 0 && slash < text.Length - 1)
        {
            text = text.Substring(slash + 1);
        }

        // "-2024-07-18"
        if (text.Length > 11 && text[text.Length - 11] == '-' && IsDate(text, text.Length - 10, dashes: true))
        {
            return text.Substring(0, text.Length - 11);
        }

        // "-20240718" or "@20240718"
        if (text.Length > 9 && text[text.Length - 9] is '-' or '@' && IsDate(text, text.Length - 8, dashes: false))
        {
            return text.Substring(0, text.Length - 9);
        }

        // "-0613": OpenAI's older month-and-day stamps.
        if (text.Length > 5 && text[text.Length - 5] == '-' && IsMonthDay(text, text.Length - 4))
        {
            return text.Substring(0, text.Length - 5);
        }

        return text;
    }

    private static bool IsDate(string text, int start, bool dashes)
    {
        var yearOk = Digits(text, start, 4) && text[start] == '2';
        var monthDay = dashes ? start + 5 : start + 4;
        return yearOk && (!dashes || (text[start + 4] == '-' && text[start + 7] == '-')) &&
            (dashes ? IsMonthDay(text.Substring(monthDay, 2) + text.Substring(monthDay + 3, 2), 0) : IsMonthDay(text, monthDay));
    }

    private static bool IsMonthDay(string text, int start)
    {
        if (!Digits(text, start, 4))
        {
            return false;
        }

        var month = (text[start] - '0') * 10 + (text[start + 1] - '0');
        var day = (text[start + 2] - '0') * 10 + (text[start + 3] - '0');
        return month is >= 1 and <= 12 && day is >= 1 and <= 31;
    }

    private static bool Digits(string text, int start, int count)
    {
        if (start < 0 || start + count > text.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (text[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
