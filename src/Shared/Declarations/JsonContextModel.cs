using System.Collections.Generic;
using System.Linq;

namespace Orchestration.Declarations;

/// <summary>
/// A source-generated <c>JsonSerializerContext</c> of the compilation: its name and the keys of the types its
/// <c>[JsonSerializable]</c> attributes declare. <see cref="Usable"/> is false when generated code cannot reach its
/// <c>Default</c> instance (private, generic, or not a context).
/// </summary>
internal sealed record JsonContextModel(string TypeName, bool Usable, EquatableArray<string> TypeKeys);

/// <summary>
/// Which JSON contexts serve each chat agent's types, and which types none declares: what the generator passes to a
/// template (<c>jsonMetadata:</c>), and what the analyzers report (ORCH0022) in projects that trim.
/// </summary>
internal static class JsonMetadataPlan
{
    /// <summary>The usable contexts that declare at least one of <paramref name="template"/>'s JSON types, by name.</summary>
    public static IReadOnlyList<string> ContextsFor(TemplateModel template, IEnumerable<JsonContextModel> contexts) =>
        template.JsonTypes.Count == 0
            ? System.Array.Empty<string>()
            : contexts.Where(c => c.Usable && template.JsonTypes.Any(t => c.TypeKeys.Contains(t.Key)))
                .Select(c => c.TypeName)
                .Distinct()
                .OrderBy(n => n, System.StringComparer.Ordinal)
                .ToArray();

    /// <summary>The JSON types of <paramref name="template"/> no usable context declares.</summary>
    public static IReadOnlyList<TypeRef> Missing(TemplateModel template, IEnumerable<JsonContextModel> contexts)
    {
        if (template.JsonTypes.Count == 0)
        {
            return System.Array.Empty<TypeRef>();
        }

        var declared = new HashSet<string>(contexts.Where(c => c.Usable).SelectMany(c => c.TypeKeys), System.StringComparer.Ordinal);
        return template.JsonTypes.Where(t => !declared.Contains(t.Key)).ToArray();
    }

    /// <summary>The expression a generated template passes as its JSON metadata, or <see langword="null"/> for none.</summary>
    public static string? Expression(IReadOnlyList<string> contexts) => contexts.Count switch
    {
        0 => null,
        1 => contexts[0] + ".Default",
        _ => "global::System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(" + string.Join(", ", contexts.Select(c => c + ".Default")) + ")",
    };
}
