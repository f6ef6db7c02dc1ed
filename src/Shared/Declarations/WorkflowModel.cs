namespace Orchestration.Declarations;

/// <summary>A <c>[Workflow]</c> class and its steps, in source order. <see cref="MaxDepth"/> is null when the workflow leaves it to the project default.</summary>
internal sealed record WorkflowModel(
    string Id,
    string Strategy,
    string? Description,
    int? MaxDepth,
    double? ConfidenceThreshold,
    int? MaxIterations,
    int? Rounds,
    string? CachedContext,
    MethodModel? Router,
    WorkflowClass Class,
    EquatableArray<StepModel> Steps);

/// <summary>
/// One <c>[Step]</c>: exactly one of <see cref="Template"/> or <see cref="Workflow"/> should be set. <see cref="When"/> is
/// the branch condition of conditional strategies (never carried in manifests).
/// </summary>
internal sealed record StepModel(string? Template, string? Workflow, MethodModel? When = null)
{
    public bool IsWorkflow => Workflow is not null && Template is null;

    public string? TargetId => Template ?? Workflow;
}

/// <summary>Where the generator adds the runner: the workflow class, its namespace and its containing types.</summary>
internal sealed record WorkflowClass(
    string Namespace,
    string Name,
    string FullName,
    bool IsStatic,
    bool IsPublic,
    string Keyword,
    EquatableArray<ContainingType> ContainingTypes,
    EquatableArray<string> Problems)
{
    /// <summary>Hint name of the generated file: <c>Namespace.Outer.Type.g.cs</c>.</summary>
    public string HintName => FullName.Replace("global::", string.Empty) + ".g.cs";
}

/// <summary>A type that contains the workflow class; it must be partial for the runner to be added.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>
/// A method a workflow names (its <c>Router</c>, or a step's <c>When</c>), as found on its class: whether it exists, is
/// static, its single parameter, and its return type's key (<c>string</c>, <c>bool</c>, ...).
/// </summary>
internal sealed record MethodModel(string Name, bool Found, bool IsStatic, TypeRef? Parameter, string? ReturnKey);
