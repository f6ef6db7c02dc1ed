using Microsoft.CodeAnalysis;

namespace Orchestration.Declarations;

/// <summary>Name checks on symbols that do not format them: generators re-run their transforms on every edit, and
/// <c>ToDisplayString</c> was the largest cost in them.</summary>
internal static class SymbolNames
{
    /// <summary>
    /// Whether <paramref name="symbol"/> is named <paramref name="fullName"/>: namespaces and containing types joined by
    /// dots, each name as in metadata, so a generic type carries its arity (<c>Orchestration.IAgent`2</c>, which a
    /// constructed <c>IAgent&lt;string, int&gt;</c> matches too).
    /// </summary>
    public static bool Is(ISymbol? symbol, string fullName)
    {
        var end = fullName.Length;
        for (var current = symbol; current is not null; current = current.ContainingSymbol)
        {
            if (current is INamespaceSymbol { IsGlobalNamespace: true })
            {
                return end == -1;
            }

            var name = current.MetadataName;
            var start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(fullName, start, name, 0, name.Length) != 0 || (start > 0 && fullName[start - 1] != '.'))
            {
                return false;
            }

            end = start - 1;
        }

        return false;
    }
}
