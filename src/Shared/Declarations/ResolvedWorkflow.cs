using System.Collections.Generic;
using System.Linq;

namespace Orchestration.Declarations;

/// <summary>A template visible to the compilation: local (with its model and member name) or from a reference.</summary>
internal sealed record TemplateSource(TemplateEntry Entry, string Origin, TemplateModel? Local, string? Member);

/// <summary>A strategy visible to the compilation.</summary>
internal sealed record StrategySource(StrategyEntry Entry, string Origin, StrategyModel? Local, bool IsBuiltIn)
{
    public string? Member { get; init; }
}

/// <summary>A workflow visible to the compilation.</summary>
internal sealed record WorkflowSource(WorkflowEntry Entry, string Origin, WorkflowModel? Local);

/// <summary>An input request visible to the compilation: local (with its model and member name) or from a reference.</summary>
internal sealed record RequestSource(RequestEntry Entry, string Origin, InputRequestModel? Local, string? Member);

/// <summary>
/// A step with its target resolved. <see cref="Accessor"/> is the C# expression generated code reaches the target with:
/// a template, a workflow definition, an input request definition; for a delay, its duration (a <c>TimeSpan</c>
/// expression) or the name of the method it waits until. Null when the target cannot be used.
/// </summary>
internal sealed record ResolvedStep(int Index, string Id, StepKind Kind, string? Accessor, TypeRef? Input, TypeRef? Output)
{
    public bool IsWorkflow => Kind == StepKind.Workflow;
}

/// <summary>A response type runs of a workflow may wait for, and the input requests (by id) that take it.</summary>
internal sealed record AwaitedResponse(TypeRef Response, EquatableArray<string> RequestIds);

/// <summary>A local workflow, resolved against everything the compilation can see.</summary>
internal sealed class ResolvedWorkflow
{
    public ResolvedWorkflow(
        WorkflowModel model,
        int maxDepth,
        int shape,
        string? strategyFactory,
        IReadOnlyList<ResolvedStep> steps,
        TypeRef? input,
        TypeRef? output,
        IReadOnlyList<Problem> problems,
        EquatableArray<AwaitedResponse> responses)
    {
        Model = model;
        MaxDepth = maxDepth;
        Shape = shape;
        StrategyFactory = strategyFactory;
        Steps = steps;
        Input = input;
        Output = output;
        Problems = problems;
        Responses = responses;
    }

    public WorkflowModel Model { get; }

    /// <summary>The effective nesting limit: the workflow's own, else the project default.</summary>
    public int MaxDepth { get; }

    /// <summary>The confidence threshold the strategy routes on, or null when the strategy's default applies.</summary>
    public double? ConfidenceThreshold => Model.ConfidenceThreshold;

    public int Shape { get; }

    /// <summary>For a user strategy, the generated factory method; null for built-ins.</summary>
    public string? StrategyFactory { get; }

    public IReadOnlyList<ResolvedStep> Steps { get; }

    public TypeRef? Input { get; }

    public TypeRef? Output { get; }

    public IReadOnlyList<Problem> Problems { get; }

    /// <summary>The responses its runs may wait for (directly or in nested workflows): one <c>RespondAsync</c> each.</summary>
    public EquatableArray<AwaitedResponse> Responses { get; }

    /// <summary>Whether the generator can emit a runner that compiles.</summary>
    public bool CanEmit => Problems.Count == 0 && Input is not null && Output is not null && Steps.All(s => s.Accessor is not null);

    /// <summary>Whether the runner can be public: the class and both types are public.</summary>
    public bool IsPublic => Model.Class.IsPublic && Input is { IsPublic: true } && Output is { IsPublic: true };
}
