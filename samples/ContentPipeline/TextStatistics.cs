using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace ContentPipeline;

/// <summary>Deterministic text measures the agents share.</summary>
internal static partial class TextStatistics
{
    public static string[] Sentences(string text) =>
        SentenceSplitter().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();

    public static string[] Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToArray();

    /// <summary>Flesch reading ease: higher is easier; 60–70 is plain English.</summary>
    public static double ReadingEase(string text)
    {
        var words = Words(text);
        var sentences = Math.Max(1, Sentences(text).Length);
        if (words.Length == 0)
        {
            return 0;
        }

        var syllables = words.Sum(Syllables);
        return Math.Round(206.835 - (1.015 * words.Length / sentences) - (84.6 * syllables / (double)words.Length), 1);
    }

    private static int Syllables(string word)
    {
        var groups = VowelGroups().Matches(word).Count;
        if (word.EndsWith('e') && groups > 1)
        {
            groups--;
        }

        return Math.Max(1, groups);
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceSplitter();

    [GeneratedRegex(@"[A-Za-z']+")]
    private static partial Regex WordPattern();

    [GeneratedRegex("[aeiouy]+")]
    private static partial Regex VowelGroups();
}
