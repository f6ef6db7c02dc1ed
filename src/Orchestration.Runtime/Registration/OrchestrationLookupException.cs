using System;
using System.Collections.Generic;
using System.Linq;

namespace Orchestration;

/// <summary>
/// A strategy, workflow or template was looked up by a name that is not registered. The message lists the
/// available names (sorted) and the closest match when one is near:
/// <c>Unknown strategy: sequencial. Available: parallel, sequential. Did you mean 'sequential'?</c>
/// </summary>
public sealed class OrchestrationLookupException : KeyNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What was looked up: <c>strategy</c>, <c>workflow</c> or <c>template</c>.</param>
    /// <param name="name">The name that was not found.</param>
    /// <param name="available">The names that are registered.</param>
    public OrchestrationLookupException(string kind, string? name, IEnumerable<string> available)
        : this(kind, name, Sorted(available))
    {
    }

    private OrchestrationLookupException(string kind, string? name, string[] available)
        : base(BuildMessage(kind, name, available, out var suggestion))
    {
        Kind = kind;
        Name = name;
        Available = available;
        Suggestion = suggestion;
    }

    /// <summary>What was looked up: <c>strategy</c>, <c>workflow</c> or <c>template</c>.</summary>
    public string Kind { get; }

    /// <summary>The name that was not found.</summary>
    public string? Name { get; }

    /// <summary>The registered names, sorted ordinally.</summary>
    public IReadOnlyList<string> Available { get; }

    /// <summary>The closest registered name, if one is near enough to be a typo.</summary>
    public string? Suggestion { get; }

    private static string[] Sorted(IEnumerable<string> available) =>
        (available ?? throw new ArgumentNullException(nameof(available))).OrderBy(n => n, StringComparer.Ordinal).ToArray();

    private static string BuildMessage(string kind, string? name, string[] available, out string? suggestion)
    {
        suggestion = name is null ? null : NameSuggestions.FindClosest(name, available);
        var list = available.Length == 0 ? "(none registered)" : string.Join(", ", available);
        var hint = suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?";
        return $"Unknown {kind}: {name ?? "(null)"}. Available: {list}.{hint}";
    }
}
