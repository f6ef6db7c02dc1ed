using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Orchestration.Declarations;

namespace Orchestration.Analyzers;

/// <summary>
/// Every declaration of one compilation, parsed with the generator's parser and resolved once into the generator's
/// catalog, together with the symbols and attributes the diagnostics point at.
/// </summary>
internal sealed class CompilationDeclarations
{
    private readonly Dictionary<INamedTypeSymbol, (TemplateModel Model, AttributeData Attribute)> _templates = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, (StrategyModel Model, AttributeData Attribute)> _strategies = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, (ResolvedWorkflow Workflow, AttributeData Attribute)> _workflows = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, (InputRequestModel Model, AttributeData Attribute)> _requests = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<string, Declarers> _templateDeclarers;
    private readonly Dictionary<string, Declarers> _strategyDeclarers;
    private readonly Dictionary<string, Declarers> _requestDeclarers;
    private readonly Dictionary<string, Declarers> _workflowDeclarers;

    private CompilationDeclarations(Compilation compilation, ProjectDefaults defaults, CancellationToken cancellationToken)
    {
        Defaults = defaults;
        var workflowModels = new List<(INamedTypeSymbol Type, WorkflowModel Model, AttributeData Attribute)>();

        // The attribute classes are resolved once and compared as symbols: formatting every attribute's name on every
        // type of the compilation was the costliest part of this walk.
        var templateAttribute = compilation.GetTypeByMetadataName(KnownNames.AgentTemplateAttribute);
        var strategyAttribute = compilation.GetTypeByMetadataName(KnownNames.StrategyAttribute);
        var workflowAttribute = compilation.GetTypeByMetadataName(KnownNames.WorkflowAttribute);
        var requestAttribute = compilation.GetTypeByMetadataName(KnownNames.InputRequestAttribute);
        var jsonSerializableAttribute = compilation.GetTypeByMetadataName(KnownNames.JsonSerializableAttribute);
        var jsonContexts = new List<JsonContextModel>();
        foreach (var type in SourceTypes(compilation.Assembly.GlobalNamespace, cancellationToken))
        {
            if (DeclarationParser.HasBrokenAttribute(type))
            {
                continue;
            }

            List<AttributeData>? serializable = null;
            foreach (var attribute in type.GetAttributes())
            {
                var attributeClass = attribute.AttributeClass;
                if (attributeClass is null)
                {
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(attributeClass, templateAttribute))
                {
                    _templates[type] = (DeclarationParser.ParseTemplate(type, attribute, cancellationToken), attribute);
                }
                else if (SymbolEqualityComparer.Default.Equals(attributeClass, strategyAttribute))
                {
                    _strategies[type] = (DeclarationParser.ParseStrategy(type, attribute), attribute);
                }
                else if (SymbolEqualityComparer.Default.Equals(attributeClass, workflowAttribute))
                {
                    workflowModels.Add((type, DeclarationParser.ParseWorkflow(type, attribute, cancellationToken), attribute));
                }
                else if (SymbolEqualityComparer.Default.Equals(attributeClass, requestAttribute))
                {
                    _requests[type] = (DeclarationParser.ParseInputRequest(type, attribute), attribute);
                }
                else if (SymbolEqualityComparer.Default.Equals(attributeClass, jsonSerializableAttribute))
                {
                    (serializable ??= new List<AttributeData>()).Add(attribute);
                }
            }

            if (serializable is not null)
            {
                jsonContexts.Add(DeclarationParser.ParseJsonContext(type, serializable));
            }
        }

        JsonContexts = jsonContexts;

        References = ReferencedManifests.Read(compilation, cancellationToken);
        Catalog = new DeclarationCatalog(
            compilation.AssemblyName ?? "Assembly",
            _templates.Values.Select(t => t.Model).ToArray(),
            _strategies.Values.Select(s => s.Model).ToArray(),
            workflowModels.Select(w => w.Model).ToArray(),
            _requests.Values.Select(r => r.Model).ToArray(),
            References.ToArray(),
            defaults.MaxDepth,
            defaults.MaxDepthSource);
        for (var i = 0; i < workflowModels.Count; i++)
        {
            _workflows[workflowModels[i].Type] = (Catalog.Workflows[i], workflowModels[i].Attribute);
        }

        // Who declares each id, built once: asking every declaration "who else has my id?" by scanning all of them was
        // quadratic in the number of declarations.
        _templateDeclarers = IndexDeclarers(_templates, t => t.Model.Id, References.SelectMany(r => r.Templates.Select(t => (t.Id, r.AssemblyName))));
        _strategyDeclarers = IndexDeclarers(_strategies, s => s.Model.Name, References.SelectMany(r => r.Strategies.Select(s => (s.Name, r.AssemblyName))));
        _requestDeclarers = IndexDeclarers(_requests, r => r.Model.Id, References.SelectMany(m => m.Requests.Select(r => (r.Id, m.AssemblyName))));
        _workflowDeclarers = IndexDeclarers(_workflows, w => w.Workflow.Model.Id, References.SelectMany(r => r.Workflows.Select(w => (w.Id, r.AssemblyName))));
    }

    public DeclarationCatalog Catalog { get; }

    /// <summary>The compilation's source-generated JSON contexts.</summary>
    public IReadOnlyList<JsonContextModel> JsonContexts { get; }

    public ProjectDefaults Defaults { get; }

    public EquatableArray<ModuleManifest> References { get; }

    public static CompilationDeclarations Build(Compilation compilation, ProjectDefaults defaults, CancellationToken cancellationToken) =>
        new(compilation, defaults, cancellationToken);

    public bool TryGetTemplate(INamedTypeSymbol type, out TemplateModel model, out AttributeData attribute)
    {
        var found = _templates.TryGetValue(type, out var entry);
        (model, attribute) = entry;
        return found;
    }

    public bool TryGetStrategy(INamedTypeSymbol type, out StrategyModel model, out AttributeData attribute)
    {
        var found = _strategies.TryGetValue(type, out var entry);
        (model, attribute) = entry;
        return found;
    }

    public bool TryGetRequest(INamedTypeSymbol type, out InputRequestModel model, out AttributeData attribute)
    {
        var found = _requests.TryGetValue(type, out var entry);
        (model, attribute) = entry;
        return found;
    }

    public bool TryGetWorkflow(INamedTypeSymbol type, out ResolvedWorkflow workflow, out AttributeData attribute)
    {
        var found = _workflows.TryGetValue(type, out var entry);
        (workflow, attribute) = entry;
        return found;
    }

    /// <summary>Where else a template id is declared: other local classes, or referenced assemblies.</summary>
    public IEnumerable<string> OtherTemplateDeclarations(INamedTypeSymbol type, string id) => Others(_templateDeclarers, type, id);

    /// <summary>Where else a strategy name is declared, including the runtime's built-ins.</summary>
    public IEnumerable<string> OtherStrategyDeclarations(INamedTypeSymbol type, string name) =>
        KnownNames.BuiltInStrategies.Where(b => b.Name == name).Select(_ => "the runtime (a built-in strategy)")
            .Concat(Others(_strategyDeclarers, type, name));

    /// <summary>Where else an input request id is declared: other local classes, or referenced assemblies.</summary>
    public IEnumerable<string> OtherRequestDeclarations(INamedTypeSymbol type, string id) => Others(_requestDeclarers, type, id);

    /// <summary>Where else a workflow id is declared.</summary>
    public IEnumerable<string> OtherWorkflowDeclarations(INamedTypeSymbol type, string id) => Others(_workflowDeclarers, type, id);

    /// <summary>The local classes (in declaration order) and then the referenced assemblies that declare an id, except <paramref name="type"/>.</summary>
    private static IEnumerable<string> Others(Dictionary<string, Declarers> declarers, INamedTypeSymbol type, string id) =>
        declarers.TryGetValue(id, out var found)
            ? found.Types.Where(t => !SymbolEqualityComparer.Default.Equals(t, type)).Select(Describe)
                .Concat(found.Assemblies.Select(a => $"assembly {a}"))
            : Enumerable.Empty<string>();

    private static Dictionary<string, Declarers> IndexDeclarers<T>(
        Dictionary<INamedTypeSymbol, T> local, Func<T, string> id, IEnumerable<(string Id, string Assembly)> referenced)
    {
        var index = new Dictionary<string, Declarers>(StringComparer.Ordinal);
        foreach (var entry in local)
        {
            Entry(index, id(entry.Value)).Types.Add(entry.Key);
        }

        foreach (var (key, assembly) in referenced)
        {
            var assemblies = Entry(index, key).Assemblies;
            if (!assemblies.Contains(assembly))
            {
                assemblies.Add(assembly);
            }
        }

        return index;
    }

    private static Declarers Entry(Dictionary<string, Declarers> index, string id)
    {
        if (!index.TryGetValue(id, out var entry))
        {
            index[id] = entry = new Declarers();
        }

        return entry;
    }

    /// <summary>The declarers of one id.</summary>
    private sealed class Declarers
    {
        public List<INamedTypeSymbol> Types { get; } = new();

        public List<string> Assemblies { get; } = new();
    }

    private static string Describe(INamedTypeSymbol type)
    {
        var location = type.Locations.FirstOrDefault(l => l.IsInSource);
        if (location is null)
        {
            return type.ToDisplayString();
        }

        var line = location.GetLineSpan();
        return $"{type.ToDisplayString()} at {System.IO.Path.GetFileName(line.Path)}({line.StartLinePosition.Line + 1},{line.StartLinePosition.Character + 1})";
    }

    private static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceSymbol root, CancellationToken cancellationToken)
    {
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = pending.Pop();
            foreach (var member in current.GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    pending.Push(ns);
                }
                else if (member is INamedTypeSymbol type && type.Locations.Any(l => l.IsInSource))
                {
                    yield return type;
                    pending.Push(type);
                }
            }
        }
    }
}
