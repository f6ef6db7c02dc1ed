using System;
using System.Collections.Generic;
using System.Linq;
using Orchestration.Rules;

namespace Orchestration.Declarations;

/// <summary>
/// Every declaration one compilation can see (its own and those of referenced assemblies, through their manifests),
/// resolved once: each local workflow with its strategy shape, step types, input and output types, the responses its
/// runs may wait for, and problems.
/// The generator emits from it; the analyzers report its problems.
/// </summary>
internal sealed partial class DeclarationCatalog
{
    private readonly Dictionary<string, List<TemplateSource>> _templates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StrategySource>> _strategies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WorkflowSource>> _workflows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RequestSource>> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResolvedWorkflow> _resolved = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Depth, string[] Path, string[]? Cycle)> _depths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RuleText?> _suspends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _awaited = new(StringComparer.Ordinal);
    private readonly HashSet<string> _walking = new(StringComparer.Ordinal);

    public DeclarationCatalog(
        string assemblyName,
        IReadOnlyList<TemplateModel> templates,
        IReadOnlyList<StrategyModel> strategies,
        IReadOnlyList<WorkflowModel> workflows,
        IReadOnlyList<InputRequestModel> requests,
        IReadOnlyList<ModuleManifest> references,
        int defaultMaxDepth = KnownNames.DefaultMaxDepth,
        string defaultMaxDepthSource = ProjectDefaults.DefaultSource)
    {
        AssemblyName = assemblyName;
        DefaultMaxDepth = defaultMaxDepth;
        DefaultMaxDepthSource = defaultMaxDepthSource;
        ModuleName = Identifiers.ToPascalCase(assemblyName) + "Module";
        ModuleTypeName = "global::Orchestration.Generated." + ModuleName;

        foreach (var (name, shape) in KnownNames.BuiltInStrategies)
        {
            Add(_strategies, name, new StrategySource(new StrategyEntry(name, shape, null), "the runtime", null, IsBuiltIn: true));
        }

        foreach (var manifest in references)
        {
            foreach (var t in manifest.Templates)
            {
                Add(_templates, t.Id, new TemplateSource(t, manifest.AssemblyName, null, null));
            }

            foreach (var s in manifest.Strategies)
            {
                Add(_strategies, s.Name, new StrategySource(s, manifest.AssemblyName, null, IsBuiltIn: false));
            }

            foreach (var w in manifest.Workflows)
            {
                Add(_workflows, w.Id, new WorkflowSource(w, manifest.AssemblyName, null));
            }

            foreach (var r in manifest.Requests)
            {
                Add(_requests, r.Id, new RequestSource(r, manifest.AssemblyName, null, null));
            }
        }

        var templateNames = new MemberNames();
        foreach (var t in templates)
        {
            var member = templateNames.Claim(t.Id);
            var accessor = t.CanEmit ? $"{ModuleTypeName}.Templates.{member}" : null;
            Add(_templates, t.Id, new TemplateSource(new TemplateEntry(t.Id, t.Input, t.Output, accessor), assemblyName, t, member));
        }

        var strategyNames = new MemberNames();
        foreach (var s in strategies)
        {
            var member = strategyNames.Claim(s.Name);
            var factory = s.CanEmit ? $"{ModuleTypeName}.Strategies.Create{member}" : null;
            Add(_strategies, s.Name, new StrategySource(new StrategyEntry(s.Name, s.Shape, factory), assemblyName, s, IsBuiltIn: false) { Member = member });
        }

        var requestNames = new MemberNames();
        foreach (var r in requests)
        {
            var member = requestNames.Claim(r.Id);
            var accessor = r.CanEmit ? $"{ModuleTypeName}.Requests.{member}" : null;
            Add(_requests, r.Id, new RequestSource(new RequestEntry(r.Id, r.Request, r.Response, accessor), assemblyName, r, member));
        }

        foreach (var w in workflows)
        {
            var entry = new WorkflowEntry(w.Id, w.Strategy, w.MaxDepth ?? defaultMaxDepth, w.Steps, null, null, w.Class.FullName + ".Definition");
            Add(_workflows, w.Id, new WorkflowSource(entry, assemblyName, w));
        }

        LocalTemplates = _templates.Values.SelectMany(l => l).Where(s => s.Local is not null).ToArray();
        LocalStrategies = _strategies.Values.SelectMany(l => l).Where(s => s.Local is not null).ToArray();
        LocalRequests = _requests.Values.SelectMany(l => l).Where(r => r.Local is not null).ToArray();
        Workflows = workflows.Select(w => Resolve(w)).ToArray();
    }

    public string AssemblyName { get; }

    /// <summary>The nesting limit of workflows that do not set their own.</summary>
    public int DefaultMaxDepth { get; }

    /// <summary>Where <see cref="DefaultMaxDepth"/> came from, as messages name it (see <see cref="ProjectDefaults"/>).</summary>
    public string DefaultMaxDepthSource { get; }

    /// <summary>The generated module's class name, derived from the assembly name.</summary>
    public string ModuleName { get; }

    public string ModuleTypeName { get; }

    public IReadOnlyList<TemplateSource> LocalTemplates { get; }

    public IReadOnlyList<StrategySource> LocalStrategies { get; }

    public IReadOnlyList<RequestSource> LocalRequests { get; }

    /// <summary>Every local workflow, resolved, in declaration order.</summary>
    public IReadOnlyList<ResolvedWorkflow> Workflows { get; }

    public IEnumerable<string> TemplateIds => _templates.Keys;

    public IEnumerable<string> StrategyNames => _strategies.Keys;

    public IEnumerable<string> WorkflowIds => _workflows.Keys;

    public IEnumerable<string> RequestIds => _requests.Keys;

    /// <summary>Whether the local template, strategy or input request can be emitted: valid and its id declared only once.</summary>
    public bool IsUnique(TemplateSource template) => _templates[template.Entry.Id].Count == 1;

    public bool IsUnique(StrategySource strategy) => _strategies[strategy.Entry.Name].Count == 1;

    public bool IsUnique(RequestSource request) => _requests[request.Entry.Id].Count == 1;

    /// <summary>The manifest of this assembly, for referencing assemblies.</summary>
    public ModuleManifest BuildManifest() => new(
        AssemblyName,
        ModuleTypeName,
        LocalTemplates.Where(IsUnique).Select(t => t.Local!.IsPublic ? t.Entry : t.Entry with { Accessor = null }).ToEquatableArray(),
        LocalStrategies.Where(IsUnique).Select(s => s.Entry).ToEquatableArray(),
        Workflows.Where(w => _workflows[w.Model.Id].Count == 1)
            .Select(w => new WorkflowEntry(w.Model.Id, w.Model.Strategy, w.MaxDepth, w.Model.Steps, w.Input, w.Output,
                w.CanEmit && w.IsPublic ? w.Model.Class.FullName + ".Definition" : null))
            .ToEquatableArray(),
        LocalRequests.Where(IsUnique).Select(r => r.Local!.IsPublic ? r.Entry : r.Entry with { Accessor = null }).ToEquatableArray());

    /// <summary>Local workflows that get a runner, nested workflows before the workflows that reference them.</summary>
    public IReadOnlyList<ResolvedWorkflow> EmittableInDependencyOrder()
    {
        var ordered = new List<ResolvedWorkflow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workflow in Workflows)
        {
            Visit(workflow);
        }

        return ordered;

        void Visit(ResolvedWorkflow workflow)
        {
            if (!workflow.CanEmit || !seen.Add(workflow.Model.Id))
            {
                return;
            }

            foreach (var step in workflow.Steps)
            {
                if (step.IsWorkflow && _resolved.TryGetValue(step.Id, out var nested) && nested.Model.Class.FullName + ".Definition" == step.Accessor)
                {
                    Visit(nested);
                }
            }

            ordered.Add(workflow);
        }
    }

    /// <summary>An unknown name of <paramref name="kind"/>: the names that are declared, and the closest of them if one is close.</summary>
    public static RuleText UnknownMessage(RuleText kind, string name, IEnumerable<string> available)
    {
        var sorted = available.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var closest = NameSuggestions.FindClosest(name, sorted);
        return $"Unknown {kind} '{name}'. Available: {Available(sorted)}.{(closest is null ? RuleText.None : (RuleText)$" Did you mean '{closest}'?")}";
    }

    /// <summary>
    /// Why an id is unusable, quoting it (shortened if long) and naming the class that declares it.
    /// </summary>
    public static RuleText InvalidIdMessage(RuleText what, string id, string className)
    {
        var fault = id.Length == 0 ? "is empty" : string.IsNullOrWhiteSpace(id) ? "is blank" : "has whitespace around it";
        var quoted = id.Length > 40 ? id.Substring(0, 40) + "…" : id;
        return $"The {what} '{quoted}' of class {className} {fault}; it must be a non-empty constant string without surrounding whitespace";
    }

    /// <summary>The names a reference could use, sorted; blank ones (errors of their own) are not offered.</summary>
    public static string Available(IEnumerable<string> names)
    {
        var sorted = names.Where(n => !string.IsNullOrWhiteSpace(n)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        return sorted.Length == 0 ? "(none declared)" : string.Join(", ", sorted);
    }

    /// <summary>How a reference that names nothing is written: empty, or only white space.</summary>
    public static string EmptyOrBlank(string value) => value.Length == 0 ? "empty" : "blank";

    private static string Origins(IEnumerable<string> origins) => string.Join(", ", origins.Distinct());

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = new List<T>();
        }

        list.Add(value);
    }

    /// <summary>Hands out unique member names for ids.</summary>
    private sealed class MemberNames
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public string Claim(string id)
        {
            var name = Identifiers.ToPascalCase(id);
            var candidate = name;
            for (var n = 2; !_used.Add(candidate); n++)
            {
                candidate = name + "_" + n;
            }

            return candidate;
        }
    }
}
