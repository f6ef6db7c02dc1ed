using Orchestration.Declarations;

namespace Orchestration.Generators.Emit;

/// <summary>
/// Everything <see cref="WorkflowEmitter"/> needs to write one workflow's file, compared by value: the generator
/// emits each workflow in its own pipeline step, so an edit re-emits only the workflows whose inputs changed.
/// </summary>
internal sealed record EmittableWorkflow(
    WorkflowModel Model,
    int MaxDepth,
    int Shape,
    string? StrategyFactory,
    EquatableArray<ResolvedStep> Steps,
    TypeRef Input,
    TypeRef Output,
    bool IsPublic,
    EquatableArray<AwaitedResponse> Responses)
{
    /// <summary>The confidence threshold the strategy routes on, or null when the strategy's default applies.</summary>
    public double? ConfidenceThreshold => Model.ConfidenceThreshold;

    /// <summary>The parts of a resolved workflow that its file depends on; only for workflows that can be emitted.</summary>
    public static EmittableWorkflow From(ResolvedWorkflow workflow) => new(
        workflow.Model,
        workflow.MaxDepth,
        workflow.Shape,
        workflow.StrategyFactory,
        workflow.Steps.ToEquatableArray(),
        workflow.Input!,
        workflow.Output!,
        workflow.IsPublic,
        workflow.Responses);
}
