using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Orchestration.Declarations;
using Orchestration.Generators.Emit;

namespace Orchestration.Generators;

/// <summary>
/// Turns <c>[AgentTemplate]</c>, <c>[Strategy]</c>, <c>[Workflow]</c> and <c>[InputRequest]</c> declarations into
/// registries, typed runners (with <c>RespondAsync</c> for workflows that wait), dependency-injection registration, id
/// constants and diagrams.
/// </summary>
/// <remarks>
/// Declarations become symbol-free models in the attribute transforms; everything after that compares by value, so an
/// edit that touches no declaration re-runs nothing past the transforms, and an edit to one workflow re-emits only the
/// workflows whose resolved form changed (each workflow's file is its own pipeline step). Invalid declarations get no
/// runner (the analyzers say why), so generated code always compiles.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class OrchestrationGenerator : IIncrementalGenerator
{
    /// <summary>Reported when the generator itself fails, instead of crashing the build.</summary>
    internal static readonly DiagnosticDescriptor InternalError = new(
        id: "ORCH9001",
        title: "The Orchestration generator failed",
        messageFormat: "The Orchestration generator failed and generated nothing: {0}. Please report this with the declarations that trigger it.",
        category: "Orchestration.Generator",
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: "https://github.com/orchestration-dotnet/orchestration/blob/main/docs/diagnostics/ORCH9001.md");

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var templates = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.AgentTemplateAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => Guard(ctx.TargetSymbol, () => DeclarationParser.ParseTemplate((INamedTypeSymbol)ctx.TargetSymbol, ctx.Attributes[0], ct)))
            .WithTrackingName(GeneratorStepNames.Templates);

        var strategies = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.StrategyAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, _) => Guard(ctx.TargetSymbol, () => DeclarationParser.ParseStrategy((INamedTypeSymbol)ctx.TargetSymbol, ctx.Attributes[0])))
            .WithTrackingName(GeneratorStepNames.Strategies);

        var workflows = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.WorkflowAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => Guard(ctx.TargetSymbol, () => DeclarationParser.ParseWorkflow((INamedTypeSymbol)ctx.TargetSymbol, ctx.Attributes[0], ct)))
            .WithTrackingName(GeneratorStepNames.Workflows);

        var requests = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.InputRequestAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, _) => Guard(ctx.TargetSymbol, () => DeclarationParser.ParseInputRequest((INamedTypeSymbol)ctx.TargetSymbol, ctx.Attributes[0])))
            .WithTrackingName(GeneratorStepNames.InputRequests);

        // Source-generated JSON contexts: a chat agent's template is given the ones that declare its types.
        var jsonContexts = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.JsonSerializableAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, _) => Guard(ctx.TargetSymbol, () => DeclarationParser.ParseJsonContext((INamedTypeSymbol)ctx.TargetSymbol, ctx.Attributes)))
            .WithTrackingName(GeneratorStepNames.JsonContexts);

        var references = context.CompilationProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (input, ct) =>
            {
                var defaults = ProjectDefaults.Read(input.Left, input.Right.GlobalOptions);
                return new ReferenceSet(input.Left.AssemblyName ?? "Assembly", ReferencedManifests.Read(input.Left, ct), defaults.MaxDepth, defaults.MaxDepthSource);
            })
            .WithTrackingName(GeneratorStepNames.References);

        // The compilation-wide facts change object on every edit, so they join last: the collected declarations stay
        // cached (not rebuilt and compared) when an edit touches no declaration.
        var declarations = templates.Collect()
            .Combine(strategies.Collect())
            .Combine(workflows.Collect())
            .Combine(requests.Collect())
            .Combine(jsonContexts.Collect())
            .Select(static (input, _) => new Declarations(
                input.Left.Left.Left.Left.ToEquatableArray(),
                input.Left.Left.Left.Right.ToEquatableArray(),
                input.Left.Left.Right.ToEquatableArray(),
                input.Left.Right.ToEquatableArray(),
                input.Right.ToEquatableArray()))
            .WithTrackingName(GeneratorStepNames.Declarations);

        var generation = declarations
            .Combine(references)
            .Select(static (input, ct) => Generate(input.Left, input.Right, ct))
            .WithTrackingName(GeneratorStepNames.Generation);

        context.RegisterSourceOutput(
            generation.Select(static (g, _) => g.Errors),
            static (spc, errors) =>
            {
                foreach (var error in errors)
                {
                    spc.ReportDiagnostic(Diagnostic.Create(InternalError, Location.None, error));
                }
            });

        var files = generation.SelectMany(static (g, _) => g.Files).WithTrackingName(GeneratorStepNames.Files);
        context.RegisterSourceOutput(files, static (spc, file) => spc.AddSource(file.HintName, file.Text));

        // The module (every template's instance and factory) is the largest file: emitted only when its model changes.
        var module = generation
            .Select(static (g, _) => g.Module)
            .WithTrackingName(GeneratorStepNames.Module);
        context.RegisterSourceOutput(module, static (spc, model) =>
        {
            if (model is null)
            {
                return;
            }

            string text;
            try
            {
                text = ModuleEmitter.Emit(model);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                spc.ReportDiagnostic(Diagnostic.Create(InternalError, Location.None, Describe(ex)));
                return;
            }

            spc.AddSource(model.HintName, text);
        });

        // One step per workflow: an edit re-emits only the workflows whose resolved form changed.
        var workflowFiles = generation
            .SelectMany(static (g, _) => g.Workflows)
            .Select(static (workflow, _) => EmitWorkflow(workflow))
            .WithTrackingName(GeneratorStepNames.WorkflowFiles);
        context.RegisterSourceOutput(workflowFiles, static (spc, emitted) =>
        {
            if (emitted.File is { } file)
            {
                spc.AddSource(file.HintName, file.Text);
            }
            else
            {
                spc.ReportDiagnostic(Diagnostic.Create(InternalError, Location.None, emitted.Error));
            }
        });
    }

    private static Generation Generate(Declarations input, ReferenceSet references, CancellationToken cancellationToken)
    {
        try
        {
            var templates = input.Templates.Where(t => t.Value is not null).Select(t => t.Value!).ToArray();
            var strategies = input.Strategies.Where(s => s.Value is not null).Select(s => s.Value!).ToArray();
            var workflows = input.Workflows.Where(w => w.Value is not null).Select(w => w.Value!).ToArray();
            var requests = input.Requests.Where(r => r.Value is not null).Select(r => r.Value!).ToArray();
            var jsonContexts = input.JsonContexts.Where(c => c.Value is not null).Select(c => c.Value!).ToArray();
            var errors = input.Templates.Concat<IGuarded>(input.Strategies).Concat(input.Workflows).Concat(input.Requests).Concat(input.JsonContexts)
                .Where(g => g.Error is not null).Select(g => g.Error!).ToArray();

            var hasLocal = templates.Length + strategies.Length + workflows.Length + requests.Length > 0;
            if (!hasLocal && references.Manifests.Count == 0)
            {
                return new Generation(EquatableArray<GeneratedFile>.Empty, null, EquatableArray<EmittableWorkflow>.Empty, errors.ToEquatableArray());
            }

            var catalog = new DeclarationCatalog(references.AssemblyName, templates, strategies, workflows, requests, references.Manifests.ToArray(), references.DefaultMaxDepth, references.DefaultMaxDepthSource);
            var files = new List<GeneratedFile>();
            ModuleModel? module = null;
            if (hasLocal)
            {
                module = ModuleEmitter.Model(catalog, jsonContexts);
                files.Add(new GeneratedFile(ModuleEmitter.ManifestHintName(catalog), ModuleEmitter.EmitManifest(catalog)));
            }

            files.Add(new GeneratedFile(EntryPointEmitter.HintName, EntryPointEmitter.Emit(catalog, references.Manifests.ToArray(), hasLocal)));
            // Seeded with the catalog-wide files, so that no workflow file can take one of their names.
            var hintNames = new HashSet<string>(files.Select(f => f.HintName), StringComparer.OrdinalIgnoreCase);
            if (module is not null)
            {
                hintNames.Add(module.HintName);
            }

            var emittable = new List<EmittableWorkflow>();
            foreach (var workflow in catalog.EmittableInDependencyOrder())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (hintNames.Add(workflow.Model.Class.HintName))
                {
                    emittable.Add(EmittableWorkflow.From(workflow));
                }
            }

            foreach (var workflow in catalog.Workflows)
            {
                if (WorkflowStubEmitter.Model(workflow) is { } stub && hintNames.Add(stub.Class.HintName))
                {
                    files.Add(new GeneratedFile(stub.Class.HintName, WorkflowStubEmitter.Emit(stub)));
                }
            }

            return new Generation(files.ToEquatableArray(), module, emittable.ToEquatableArray(), errors.ToEquatableArray());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new Generation(EquatableArray<GeneratedFile>.Empty, null, EquatableArray<EmittableWorkflow>.Empty, new[] { Describe(ex) }.ToEquatableArray());
        }
    }

    private static EmittedWorkflow EmitWorkflow(EmittableWorkflow workflow)
    {
        try
        {
            return new EmittedWorkflow(new GeneratedFile(workflow.Model.Class.HintName, WorkflowEmitter.Emit(workflow)), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new EmittedWorkflow(null, $"workflow '{workflow.Model.Id}': {Describe(ex)}");
        }
    }

    /// <summary>
    /// Parses one declaration; a type with an attribute the compiler rejected is left out (its own compiler error
    /// names it) so that every other declaration is still generated.
    /// </summary>
    private static Guarded<T> Guard<T>(ISymbol target, Func<T> parse)
        where T : class, IEquatable<T>
    {
        try
        {
            if (DeclarationParser.HasBrokenAttribute((INamedTypeSymbol)target))
            {
                return new Guarded<T>(null, null);
            }

            return new Guarded<T>(parse(), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new Guarded<T>(null, Describe(ex));
        }
    }

    private static string Describe(Exception ex) =>
        $"{ex.GetType().Name}: {ex.Message} ({ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim()})";

    private interface IGuarded
    {
        string? Error { get; }
    }

    /// <summary>A parsed model, or the error that stopped parsing (so one bad declaration cannot crash the build).</summary>
    private sealed record Guarded<T>(T? Value, string? Error) : IGuarded
        where T : class, IEquatable<T>;

    /// <summary>What the generator needs from the compilation as a whole: its name, referenced manifests, project defaults.</summary>
    private sealed record ReferenceSet(string AssemblyName, EquatableArray<ModuleManifest> Manifests, int DefaultMaxDepth, string DefaultMaxDepthSource);

    private sealed record Declarations(
        EquatableArray<Guarded<TemplateModel>> Templates,
        EquatableArray<Guarded<StrategyModel>> Strategies,
        EquatableArray<Guarded<WorkflowModel>> Workflows,
        EquatableArray<Guarded<InputRequestModel>> Requests,
        EquatableArray<Guarded<JsonContextModel>> JsonContexts);

    /// <summary>
    /// The small files computed from the catalog as a whole (manifest, entry point), the module and the workflows to emit
    /// in steps of their own, and any internal errors.
    /// </summary>
    private sealed record Generation(EquatableArray<GeneratedFile> Files, ModuleModel? Module, EquatableArray<EmittableWorkflow> Workflows, EquatableArray<string> Errors);

    /// <summary>One workflow's file, or the internal error that prevented it.</summary>
    internal sealed record EmittedWorkflow(GeneratedFile? File, string? Error);
}
