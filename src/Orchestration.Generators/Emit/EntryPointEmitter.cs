using System;
using System.Collections.Generic;
using System.Linq;
using Orchestration.Declarations;

namespace Orchestration.Generators.Emit;

/// <summary>
/// Emits the assembly's entry points: <c>services.AddOrchestration()</c> and <c>GeneratedOrchestration.CreateRegistry()</c>
/// over this assembly's module and every referenced module, and constants for every known id.
/// </summary>
internal static class EntryPointEmitter
{
    public const string HintName = "Orchestration.GeneratedOrchestration.g.cs";

    public static string Emit(DeclarationCatalog catalog, IReadOnlyList<ModuleManifest> references, bool hasLocalModule)
    {
        var modules = OrderModules(references).Select(m => m.ModuleTypeName).ToList();
        if (hasLocalModule)
        {
            modules.Add(catalog.ModuleTypeName);
        }

        var writer = new SourceWriter();
        FileHeader.Write(writer);
        writer.Open("namespace Orchestration");
        writer.Doc(
            "<summary>\n" +
            "Entry points over everything declared in this assembly and in the assemblies it references: dependency-injection\n" +
            "registration and a registry for code that does not use dependency injection.\n" +
            "</summary>");
        writer.Line(FileHeader.GeneratedCodeAttribute);
        writer.Open("internal static class GeneratedOrchestration");
        writer.Doc(
            "<summary>\n" +
            "Adds every agent and input request class (transient), every workflow runner (by type, and keyed by workflow id\n" +
            "as <see cref=\"global::Orchestration.IWorkflowRunner\"/>) and the <see cref=\"global::Orchestration.OrchestrationRegistry\"/>\n" +
            "(singleton, with its template, strategy and workflow registries) to <paramref name=\"services\"/>.\n" +
            "</summary>\n" +
            "<param name=\"services\">The service collection.</param>\n" +
            "<returns>The same service collection.</returns>");
        writer.Open("public static global::Microsoft.Extensions.DependencyInjection.IServiceCollection AddOrchestration(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services)");
        foreach (var module in modules)
        {
            writer.Line($"{module}.AddServices(services);");
        }

        writer.Line("global::Orchestration.OrchestrationServiceCollectionExtensions.AddOrchestrationRegistry(services, static (registry, provider) => Register(registry, provider));");
        writer.Line("return services;");
        writer.Close();
        writer.Line();
        writer.Doc(
            "<summary>\n" +
            "Adds everything <see cref=\"AddOrchestration(global::Microsoft.Extensions.DependencyInjection.IServiceCollection)\"/> adds, and sets the\n" +
            "application-wide <see cref=\"global::Orchestration.OrchestrationOptions\"/> once: the store runs are recorded in, the options\n" +
            "runs get when a call passes none, per-template overrides.\n" +
            "</summary>\n" +
            "<param name=\"services\">The service collection.</param>\n" +
            "<param name=\"configure\">Sets the options.</param>\n" +
            "<returns>The same service collection.</returns>");
        writer.Open("public static global::Microsoft.Extensions.DependencyInjection.IServiceCollection AddOrchestration(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, global::System.Action<global::Orchestration.OrchestrationOptions> configure)");
        writer.Line("global::Orchestration.OrchestrationServiceCollectionExtensions.AddOrchestrationOptions(services, configure);");
        writer.Line("return AddOrchestration(services);");
        writer.Close();
        writer.Line();
        writer.Doc(
            "<summary>Creates a registry holding the built-in strategies and everything declared in this assembly and the assemblies it references.</summary>\n" +
            "<param name=\"services\">Where strategy constructor dependencies come from; none when <see langword=\"null\"/>.</param>");
        writer.Open("public static global::Orchestration.OrchestrationRegistry CreateRegistry(global::System.IServiceProvider? services = null)");
        writer.Line("var registry = new global::Orchestration.OrchestrationRegistry();");
        writer.Line("Register(registry, services ?? EmptyServices.Instance);");
        writer.Line("return registry;");
        writer.Close();
        writer.Line();
        writer.Open("private static void Register(global::Orchestration.OrchestrationRegistry registry, global::System.IServiceProvider services)");
        foreach (var module in modules)
        {
            writer.Line($"{module}.Register(registry, services);");
        }

        writer.Close();
        writer.Line();
        writer.Open("private sealed class EmptyServices : global::System.IServiceProvider");
        writer.Line("public static readonly EmptyServices Instance = new EmptyServices();");
        writer.Line();
        writer.Line("public object? GetService(global::System.Type serviceType) => null;");
        writer.Close();
        writer.Close();
        writer.Line();

        EmitIds(writer, "TemplateIds", "agent template", catalog.TemplateIds);
        writer.Line();
        EmitIds(writer, "StrategyIds", "strategy", catalog.StrategyNames);
        writer.Line();
        EmitIds(writer, "WorkflowIds", "workflow", catalog.WorkflowIds);
        writer.Line();
        EmitIds(writer, "RequestIds", "input request", catalog.RequestIds);
        writer.Close();
        return writer.ToString();
    }

    private static void EmitIds(SourceWriter writer, string className, string kind, IEnumerable<string> ids)
    {
        writer.Doc($"<summary>The id of every {kind} this assembly can see, for the run-time lookup APIs.</summary>");
        writer.Line(FileHeader.GeneratedCodeAttribute);
        writer.Open($"internal static class {className}");
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().OrderBy(i => i, StringComparer.Ordinal))
        {
            var name = Identifiers.ToPascalCase(id);
            var candidate = name;
            for (var n = 2; !used.Add(candidate); n++)
            {
                candidate = name + "_" + n;
            }

            writer.Doc($"<summary><c>{Identifiers.Xml(id)}</c></summary>");
            writer.Line($"public const string {candidate} = {Identifiers.Literal(id)};");
        }

        writer.Close();
    }

    /// <summary>Orders referenced modules so that a module comes after the modules whose workflows it nests.</summary>
    private static IEnumerable<ModuleManifest> OrderModules(IReadOnlyList<ModuleManifest> references)
    {
        var owner = new Dictionary<string, ModuleManifest>(StringComparer.Ordinal);
        foreach (var module in references)
        {
            foreach (var w in module.Workflows)
            {
                owner[w.Id] = module;
            }
        }

        var ordered = new List<ModuleManifest>();
        var state = new Dictionary<ModuleManifest, bool>();
        foreach (var module in references.OrderBy(m => m.AssemblyName, StringComparer.Ordinal))
        {
            Visit(module);
        }

        return ordered;

        void Visit(ModuleManifest module)
        {
            if (state.ContainsKey(module))
            {
                return;
            }

            state[module] = false;
            foreach (var step in module.Workflows.SelectMany(w => w.Steps).Where(s => s.IsWorkflow))
            {
                if (owner.TryGetValue(step.Workflow!, out var dependency) && !ReferenceEquals(dependency, module))
                {
                    Visit(dependency);
                }
            }

            state[module] = true;
            ordered.Add(module);
        }
    }
}
