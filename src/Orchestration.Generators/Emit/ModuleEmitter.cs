using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Orchestration.Declarations;

namespace Orchestration.Generators.Emit;

/// <summary>
/// Emits the assembly's module: template instances and agent factories, strategy factories, input request definitions
/// and request class factories, registration into a registry and into dependency injection, and the manifest other
/// assemblies read.
/// </summary>
internal static class ModuleEmitter
{
    /// <summary>The runtime's factories and registrations (one overload each), called instead of a lambda per declaration.</summary>
    private const string Registration = "global::Orchestration.GeneratedRegistration";

    public static string HintName(DeclarationCatalog catalog) => $"Orchestration.Generated.{catalog.ModuleName}.g.cs";

    public static string ManifestHintName(DeclarationCatalog catalog) => $"Orchestration.Generated.{catalog.ModuleName}.Manifest.g.cs";

    /// <summary>What the module's text depends on, compared by value: a workflow edit that keeps its id leaves it unchanged.</summary>
    public static ModuleModel Model(DeclarationCatalog catalog, IReadOnlyList<JsonContextModel> jsonContexts) => new(
        HintName(catalog),
        catalog.AssemblyName,
        catalog.ModuleName,
        catalog.LocalTemplates.Where(t => t.Entry.Accessor is not null && catalog.IsUnique(t)).ToEquatableArray(),
        catalog.LocalStrategies.Where(s => s.Entry.FactoryAccessor is not null && catalog.IsUnique(s)).ToEquatableArray(),
        catalog.EmittableInDependencyOrder().Select(w => new ModuleWorkflow(w.Model.Class.FullName, w.Model.Id)).ToEquatableArray(),
        catalog.LocalRequests.Where(r => r.Entry.Accessor is not null && catalog.IsUnique(r)).ToEquatableArray(),
        // Only the contexts some chat agent uses: an edit to an unrelated context leaves the module as it was.
        jsonContexts.Where(c => catalog.LocalTemplates.Any(t => t.Local is { } local && JsonMetadataPlan.ContextsFor(local, new[] { c }).Count > 0))
            .OrderBy(c => c.TypeName, System.StringComparer.Ordinal)
            .ToEquatableArray());

    /// <summary>
    /// The manifest other assemblies read, in a file of its own: it lists every workflow's steps, so it changes with
    /// edits that leave the module as it was. Each of its records is a literal on a line of its own (the compiler joins
    /// them), so that a change to one declaration is a change to one line.
    /// </summary>
    public static string EmitManifest(DeclarationCatalog catalog)
    {
        var writer = new SourceWriter();
        FileHeader.Write(writer);
        writer.Line("[assembly: global::Orchestration.OrchestrationModuleAttribute(").Indent();
        writer.Line($"typeof({catalog.ModuleTypeName}),");
        var text = ManifestFormat.Write(catalog.BuildManifest());
        for (var start = 0; start < text.Length;)
        {
            var end = text.IndexOf('\n', start) is var lineBreak and >= 0 ? lineBreak + 1 : text.Length;
            writer.LiteralLine(text, start, end - start, end == text.Length ? ")]" : " +");
            start = end;
        }

        writer.Unindent();
        return writer.ToString();
    }

    public static string Emit(ModuleModel module)
    {
        var writer = new SourceWriter();
        FileHeader.Write(writer);
        writer.Open("namespace Orchestration.Generated");
        writer.Doc($"<summary>The agent templates, strategies, workflows and input requests declared in assembly <c>{Identifiers.Xml(module.AssemblyName)}</c>.</summary>");
        writer.Line(FileHeader.GeneratedCodeAttribute);
        writer.Open($"public static class {module.ModuleName}");

        EmitTemplates(writer, module.Templates, module.JsonContexts);
        if (module.Strategies.Count > 0)
        {
            // Only factories to hold: an assembly without strategies gets no empty class.
            EmitStrategies(writer, module.Strategies);
        }

        EmitRequests(writer, module.Requests);
        EmitRegister(writer, module.Templates, module.Strategies, module.Workflows);
        EmitAddServices(writer, module.Templates, module.Requests, module.Workflows);

        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    private static void EmitTemplates(SourceWriter writer, IReadOnlyList<TemplateSource> templates, IReadOnlyList<JsonContextModel> jsonContexts)
    {
        writer.Doc("<summary>The agent templates declared in this assembly, and factories that create their agents from dependency injection.</summary>");
        writer.Open("public static class Templates");
        var first = true;
        foreach (var source in templates)
        {
            var t = source.Local!;
            if (!first)
            {
                writer.Line();
            }

            first = false;
            var access = t.IsPublic ? "public" : "internal";
            var templateType = $"global::Orchestration.AgentTemplate<{t.Input!.FullName}, {t.Output!.FullName}>";
            writer.Doc($"<summary>Template <c>{Identifiers.Xml(t.Id)}</c> ({Identifiers.Xml(t.Role)}): <see cref=\"{Cref(t.AgentTypeName)}\"/>.</summary>" +
                (t.AgentIsStateless ? "\n<remarks>The agent class holds no state, so one instance serves every step.</remarks>" : string.Empty));
            writer.Line($"{access} static {templateType} {source.Member} {{ get; }} = new(");
            writer.Indent();
            // Only what differs from the constructor's defaults: the compiler binds less, and a reader sees what was set.
            var arguments = new List<string>
            {
                $"id: {Identifiers.Literal(t.Id)}",
                $"role: {Identifiers.Literal(t.Role)}",
                $"agentType: typeof({t.AgentTypeName})",
                // A stateless agent (see DeclarationParser.IsStateless) is created once: every instance would be the same.
                t.AgentIsStateless
                    ? $"factory: {Registration}.Shared(new {t.AgentTypeName}())"
                    : $"factory: {Registration}.FromServices<{t.AgentTypeName}>(Create{source.Member})",
            };
            if (t.Tier != KnownNames.DefaultTier)
            {
                arguments.Add($"tier: global::Orchestration.ModelTier.{TierName(t.Tier)}");
            }

            if (t.Capabilities.Count > 0)
            {
                arguments.Add($"capabilities: {StringArray(t.Capabilities)}");
            }

            if (t.Tools.Count > 0)
            {
                arguments.Add($"tools: {StringArray(t.Tools)}");
            }

            if (t.DefaultInstructions is not null)
            {
                arguments.Add($"defaultInstructions: {Identifiers.Literal(t.DefaultInstructions)}");
            }

            if (t.QualityGates.Count > 0)
            {
                arguments.Add($"qualityGates: {Gates(t.QualityGates)}");
            }

            if (Resources(t) is { } resources)
            {
                arguments.Add($"resources: new global::Orchestration.ResourceRequirements({resources})");
            }

            if (t.MaxAttempts > 1)
            {
                arguments.Add($"retry: new global::Orchestration.RetryPolicy({t.MaxAttempts}, global::System.TimeSpan.FromMilliseconds({t.RetryBackoffMs}))");
            }

            // A chat agent reads and writes its types as JSON: the project's contexts that declare them let trimmed and
            // native AOT applications do so without reflection.
            if (JsonMetadataPlan.Expression(JsonMetadataPlan.ContextsFor(t, jsonContexts)) is { } json)
            {
                arguments.Add($"jsonMetadata: {json}");
            }

            for (var i = 0; i < arguments.Count; i++)
            {
                writer.Line(arguments[i] + (i == arguments.Count - 1 ? ");" : ","));
            }

            writer.Unindent();
            writer.Line();
            writer.Doc($"<summary>Creates the agent of template <c>{Identifiers.Xml(t.Id)}</c>, filling its constructor from <paramref name=\"services\"/>.</summary>");
            writer.Line($"{(t.AgentIsPublic ? "public" : "internal")} static {t.AgentTypeName} Create{source.Member}(global::System.IServiceProvider services) =>");
            writer.Indent().Line($"new {t.AgentTypeName}({Arguments(t.Constructor)});").Unindent();
        }

        writer.Close();
        writer.Line();
    }

    private static void EmitStrategies(SourceWriter writer, IReadOnlyList<StrategySource> strategies)
    {
        writer.Doc("<summary>Factories for the strategies declared in this assembly.</summary>");
        writer.Open("public static class Strategies");
        var first = true;
        foreach (var source in strategies)
        {
            var s = source.Local!;
            if (!first)
            {
                writer.Line();
            }

            first = false;
            writer.Doc($"<summary>Creates strategy <c>{Identifiers.Xml(s.Name)}</c> (<see cref=\"{Cref(s.TypeName)}\"/>), filling its constructor from <paramref name=\"services\"/>.</summary>");
            writer.Line($"public static global::Orchestration.Strategies.ExecutionStrategy Create{source.Member}(global::System.IServiceProvider services) =>");
            writer.Indent().Line($"new {s.TypeName}({Arguments(s.Constructor)});").Unindent();
        }

        writer.Close();
        writer.Line();
    }

    private static void EmitRequests(SourceWriter writer, IReadOnlyList<RequestSource> requests)
    {
        writer.Doc("<summary>The input requests declared in this assembly, and factories that create their request classes from dependency injection.</summary>");
        writer.Open("public static class Requests");
        var first = true;
        foreach (var source in requests)
        {
            var r = source.Local!;
            if (!first)
            {
                writer.Line();
            }

            first = false;
            var definitionType = $"global::Orchestration.InputRequestDefinition<{r.Request!.FullName}, {r.Response!.FullName}>";
            writer.Doc($"<summary>Input request <c>{Identifiers.Xml(r.Id)}</c>: <see cref=\"{Cref(r.ClassTypeName)}\"/>.</summary>");
            writer.Line($"{(r.IsPublic ? "public" : "internal")} static {definitionType} {source.Member} {{ get; }} = new(");
            writer.Indent();
            writer.Line($"id: {Identifiers.Literal(r.Id)},");
            writer.Line($"handler: {Registration}.FromServices<{r.ClassTypeName}>(Create{source.Member}),");
            writer.Line(r.DeadlineSeconds > 0
                ? $"deadline: global::System.TimeSpan.FromSeconds({r.DeadlineSeconds}),"
                : "deadline: null,");
            writer.Line($"description: {Identifiers.Literal(r.Description)});");
            writer.Unindent();
            writer.Line();
            writer.Doc($"<summary>Creates the request class of input request <c>{Identifiers.Xml(r.Id)}</c>, filling its constructor from <paramref name=\"services\"/>.</summary>");
            writer.Line($"{(r.ClassIsPublic ? "public" : "internal")} static {r.ClassTypeName} Create{source.Member}(global::System.IServiceProvider services) =>");
            writer.Indent().Line($"new {r.ClassTypeName}({Arguments(r.Constructor)});").Unindent();
        }

        writer.Close();
        writer.Line();
    }

    private static void EmitRegister(SourceWriter writer, IReadOnlyList<TemplateSource> templates, IReadOnlyList<StrategySource> strategies, IReadOnlyList<ModuleWorkflow> workflows)
    {
        writer.Doc(
            "<summary>\n" +
            "Registers this assembly's templates, strategies and workflows in <paramref name=\"registry\"/>. Call it after the\n" +
            "modules of the assemblies this one references (the generated <c>AddOrchestration()</c> does).\n" +
            "</summary>\n" +
            "<param name=\"registry\">The registry to fill.</param>\n" +
            "<param name=\"services\">Where strategy constructor dependencies come from.</param>");
        writer.Open("public static void Register(global::Orchestration.OrchestrationRegistry registry, global::System.IServiceProvider services)");
        RegisterEach(writer, "template", "global::Orchestration.AgentTemplate", templates.Select(t => $"Templates.{t.Member}"), "registry.Templates");
        foreach (var s in strategies)
        {
            var name = Identifiers.Literal(s.Entry.Name);
            writer.Open($"if (!registry.Strategies.TryGet({name}, out _))");
            writer.Line($"registry.Strategies.Register({name}, Strategies.Create{s.Member}(services), global::Orchestration.StrategyShape.{ShapeName(s.Entry.Shape)});");
            writer.Close();
        }

        RegisterEach(writer, "workflow", "global::Orchestration.WorkflowDefinition", workflows.Select(w => $"{w.ClassFullName}.Definition"), "registry.Workflows");
        writer.Close();
        writer.Line();
    }

    /// <summary>
    /// Registers <paramref name="items"/> in one loop over an array rather than with a call each: the compiler binds an
    /// array element much faster than a call, which counts in projects with many declarations.
    /// </summary>
    private static void RegisterEach(SourceWriter writer, string variable, string elementType, IEnumerable<string> items, string registry)
    {
        var elements = items.ToArray();
        if (elements.Length == 0)
        {
            return;
        }

        writer.Open($"foreach (var {variable} in new {elementType}[]");
        foreach (var element in elements)
        {
            writer.Line(element + ",");
        }

        writer.Close(")");
        writer.Indent().Line($"{registry}.Register({variable});").Unindent();
    }

    private static void EmitAddServices(SourceWriter writer, IReadOnlyList<TemplateSource> templates, IReadOnlyList<RequestSource> requests, IReadOnlyList<ModuleWorkflow> workflows)
    {
        writer.Doc(
            "<summary>Adds this assembly's agents and input request classes (transient) and workflow runners to <paramref name=\"services\"/>; existing registrations are kept.</summary>\n" +
            "<param name=\"services\">The service collection.</param>");
        writer.Open("public static void AddServices(global::Microsoft.Extensions.DependencyInjection.IServiceCollection services)");
        foreach (var t in templates)
        {
            writer.Line($"{Registration}.AddTransient<{t.Local!.AgentTypeName}>(services, Templates.Create{t.Member});");
        }

        foreach (var r in requests)
        {
            writer.Line($"{Registration}.AddTransient<{r.Local!.ClassTypeName}>(services, Requests.Create{r.Member});");
        }

        foreach (var w in workflows)
        {
            writer.Line($"{Registration}.AddRunner<{w.ClassFullName}.Runner>(services, {Identifiers.Literal(w.Id)});");
        }

        writer.Close();
    }

    private static string Arguments(EquatableArray<ConstructorParameter> parameters) => string.Join(", ", parameters.Select(p => p.Source switch
    {
        ParameterSource.ServiceProvider => "services",
        ParameterSource.Optional => $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetService<{p.TypeName}>(services)",
        _ => $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<{p.TypeName}>(services)",
    }));

    private static string StringArray(EquatableArray<string> values) =>
        values.Count == 0 ? "global::System.Array.Empty<string>()" : "new string[] { " + string.Join(", ", values.Select(Identifiers.Literal)) + " }";

    private static string Gates(EquatableArray<QualityGateModel> gates) => gates.Count == 0
        ? "null"
        : "new global::System.Collections.Generic.Dictionary<string, double> { " +
          string.Join(", ", gates.Select(g => $"[{Identifiers.Literal(g.Name)}] = {g.Threshold.ToString("R", CultureInfo.InvariantCulture)}")) + " }";

    /// <summary>The resource arguments that differ from the defaults, or <see langword="null"/> when none does.</summary>
    private static string? Resources(TemplateModel t)
    {
        var set = new List<string>();
        if (t.MinTokens != KnownNames.DefaultMinTokens)
        {
            set.Add($"minTokens: {t.MinTokens}");
        }

        if (t.MaxTokens != KnownNames.DefaultMaxTokens)
        {
            set.Add($"maxTokens: {t.MaxTokens}");
        }

        if (t.TimeoutSeconds != KnownNames.DefaultTimeoutSeconds)
        {
            set.Add($"timeoutSeconds: {t.TimeoutSeconds}");
        }

        if (t.MemoryMb != KnownNames.DefaultMemoryMb)
        {
            set.Add($"memoryMb: {t.MemoryMb}");
        }

        return set.Count == 0 ? null : string.Join(", ", set);
    }

    private static string TierName(int tier) => tier switch { 0 => "Cheap", 2 => "Premium", _ => "Capable" };

    public static string ShapeName(int shape) => shape == KnownNames.FanOutShape ? "FanOut" : "Chain";

    private static string Cref(string typeName) => typeName.Replace("global::", string.Empty).Replace('<', '{').Replace('>', '}');
}

/// <summary>The inputs of the module's text.</summary>
internal sealed record ModuleModel(
    string HintName,
    string AssemblyName,
    string ModuleName,
    EquatableArray<TemplateSource> Templates,
    EquatableArray<StrategySource> Strategies,
    EquatableArray<ModuleWorkflow> Workflows,
    EquatableArray<RequestSource> Requests,
    EquatableArray<JsonContextModel> JsonContexts);

/// <summary>A workflow as the module registers it.</summary>
internal sealed record ModuleWorkflow(string ClassFullName, string Id);
