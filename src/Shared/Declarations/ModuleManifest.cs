namespace Orchestration.Declarations;

/// <summary>
/// What one assembly exposes to assemblies that reference it: ids, kinds, step types and depth, input requests, plus
/// the C# expressions that reach its generated objects. Written by the generator into
/// <c>[assembly: OrchestrationModule(...)]</c> and read back from referenced assemblies.
/// </summary>
internal sealed record ModuleManifest(
    string AssemblyName,
    string ModuleTypeName,
    EquatableArray<TemplateEntry> Templates,
    EquatableArray<StrategyEntry> Strategies,
    EquatableArray<WorkflowEntry> Workflows,
    EquatableArray<RequestEntry> Requests);

/// <summary>A template as other assemblies see it. <see cref="Accessor"/> is null when they cannot use it (not public).</summary>
internal sealed record TemplateEntry(string Id, TypeRef? Input, TypeRef? Output, string? Accessor);

/// <summary>A strategy as other assemblies see it.</summary>
internal sealed record StrategyEntry(string Name, int Shape, string? FactoryAccessor);

/// <summary>A workflow as other assemblies see it. <see cref="DefinitionAccessor"/> is null when they cannot run it.</summary>
internal sealed record WorkflowEntry(
    string Id,
    string Strategy,
    int MaxDepth,
    EquatableArray<StepModel> Steps,
    TypeRef? Input,
    TypeRef? Output,
    string? DefinitionAccessor);

/// <summary>
/// An input request as other assemblies see it: what a wait for it sends and receives. <see cref="Accessor"/> (the
/// generated definition) is null when they cannot use it (not public).
/// </summary>
internal sealed record RequestEntry(string Id, TypeRef? Request, TypeRef? Response, string? Accessor);
