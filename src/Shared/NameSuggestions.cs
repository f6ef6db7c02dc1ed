using System;
using System.Collections.Generic;

namespace Orchestration;

/// <summary>
/// Finds the closest known name to a mistyped one. Compiled into the runtime (for run-time lookup errors) and into
/// the generator and analyzers (for build errors), so both suggest the same name.
/// </summary>
internal static class NameSuggestions
{
    /// <summary>
    /// Returns the candidate closest to <paramref name="name"/> by edit distance (adjacent transpositions count as
    /// one edit), or <see langword="null"/> when none is close enough to be a plausible typo.
    /// </summary>
    public static string? FindClosest(string name, IEnumerable<string> candidates)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            // Ties keep the ordinally smaller name so the suggestion does not depend on registration order.
            if (distance < bestDistance || (distance == bestDistance && best is not null && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        if (best is null)
        {
            return null;
        }

        // Allow roughly one edit per three characters (at least one, at most four): "sequencial" → "sequential"
        // is a typo; "foo" → "debate" is not a suggestion worth making.
        var allowed = Math.Max(1, Math.Min(4, Math.Max(name.Length, best.Length) / 3));
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Optimal string alignment distance between two strings.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, d[i - 2, j - 2] + 1);
                }

                d[i, j] = value;
            }
        }

        return d[a.Length, b.Length];
    }
}
