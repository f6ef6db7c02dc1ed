using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Orchestration.Declarations;

/// <summary>
/// Project-wide defaults: <c>[assembly: OrchestrationDefaults(MaxDepth = N)]</c>, else the MSBuild property
/// <c>OrchestrationMaxDepth</c>, else attune's 3. <see cref="Problem"/> explains a value that cannot be used;
/// <see cref="MaxDepthSource"/> says where the limit came from, for messages about it.
/// </summary>
internal sealed record ProjectDefaults(int MaxDepth, Orchestration.Rules.RuleText? Problem, string MaxDepthSource = ProjectDefaults.DefaultSource)
{
    /// <summary>How messages name a limit nobody set.</summary>
    public const string DefaultSource = "the default";

    /// <summary>How messages name the MSBuild property as a limit's source.</summary>
    public const string PropertySource = "the MSBuild property OrchestrationMaxDepth";

    public static ProjectDefaults Read(Compilation compilation, AnalyzerConfigOptions globalOptions)
    {
        var attribute = FindAttribute(compilation);
        var fromAttribute = attribute?.NamedArguments.FirstOrDefault(a => a.Key == "MaxDepth").Value.Value as int?;
        if (fromAttribute is { } value)
        {
            return value >= 1
                ? new ProjectDefaults(value, null, $"[assembly: OrchestrationDefaults(MaxDepth = {value})]")
                : new ProjectDefaults(KnownNames.DefaultMaxDepth, $"[assembly: OrchestrationDefaults(MaxDepth = {value})] must be at least 1; using {KnownNames.DefaultMaxDepth}");
        }

        if (globalOptions.TryGetValue(KnownNames.MaxDepthProperty, out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= 1
                ? new ProjectDefaults(parsed, null, PropertySource)
                : new ProjectDefaults(KnownNames.DefaultMaxDepth, $"The MSBuild property OrchestrationMaxDepth is '{text}', which is not a whole number of at least 1; using {KnownNames.DefaultMaxDepth}");
        }

        return new ProjectDefaults(KnownNames.DefaultMaxDepth, null);
    }

    /// <summary>The assembly's <c>[OrchestrationDefaults]</c>, if it has one.</summary>
    public static AttributeData? FindAttribute(Compilation compilation) =>
        compilation.Assembly.GetAttributes().FirstOrDefault(a => SymbolNames.Is(a.AttributeClass, KnownNames.DefaultsAttribute));
}
