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
    public IEnumerable<string> OtherTemplateDeclarations(INamedTypeSymbol type, string id) =>
        _templates.Where(t => t.Value.Model.Id == id && !SymbolEqualityComparer.Default.Equals(t.Key, type)).Select(t => Describe(t.Key))
            .Concat(References.Where(r => r.Templates.Any(t => t.Id == id)).Select(r => $"assembly {r.AssemblyName}"));

    /// <summary>Where else a strategy name is declared, including the runtime's built-ins.</summary>
    public IEnumerable<string> OtherStrategyDeclarations(INamedTypeSymbol type, string name) =>
        KnownNames.BuiltInStrategies.Where(b => b.Name == name).Select(_ => "the runtime (a built-in strategy)")
            .Concat(_strategies.Where(s => s.Value.Model.Name == name && !SymbolEqualityComparer.Default.Equals(s.Key, type)).Select(s => Describe(s.Key)))
            .Concat(References.Where(r => r.Strategies.Any(s => s.Name == name)).Select(r => $"assembly {r.AssemblyName}"));

    /// <summary>Where else an input request id is declared: other local classes, or referenced assemblies.</summary>
    public IEnumerable<string> OtherRequestDeclarations(INamedTypeSymbol type, string id) =>
        _requests.Where(r => r.Value.Model.Id == id && !SymbolEqualityComparer.Default.Equals(r.Key, type)).Select(r => Describe(r.Key))
            .Concat(References.Where(m => m.Requests.Any(r => r.Id == id)).Select(m => $"assembly {m.AssemblyName}"));

    /// <summary>Where else a workflow id is declared.</summary>
    public IEnumerable<string> OtherWorkflowDeclarations(INamedTypeSymbol type, string id) =>
        _workflows.Where(w => w.Value.Workflow.Model.Id == id && !SymbolEqualityComparer.Default.Equals(w.Key, type)).Select(w => Describe(w.Key))
            .Concat(References.Where(r => r.Workflows.Any(w => w.Id == id)).Select(r => $"assembly {r.AssemblyName}"));

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
