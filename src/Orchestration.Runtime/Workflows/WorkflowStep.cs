using System;

namespace Orchestration;

/// <summary>One step of a workflow definition: an agent template or a nested workflow, by id.</summary>
public sealed record WorkflowStep
{
    private WorkflowStep(StepKind kind, string targetId)
    {
        Kind = kind;
        TargetId = targetId;
    }

    /// <summary>Whether the step runs an agent or a workflow.</summary>
    public StepKind Kind { get; }

    /// <summary>The template id or workflow id.</summary>
    public string TargetId { get; }

    /// <summary>
    /// For a nested workflow step that names its workflow's definition (generated definitions do): that definition. Its
    /// fingerprint is part of this workflow's, so a run is not resumed across a change inside a nested workflow.
    /// </summary>
    public WorkflowDefinition? Definition { get; private init; }

    /// <summary>For conditional strategies on the dynamic path: when this branch runs; <see langword="null"/> for a default branch.</summary>
    public Func<object?, bool>? Condition { get; private init; }

    /// <summary>This step as a conditional branch that runs when <paramref name="condition"/> holds for the input.</summary>
    public WorkflowStep When(Func<object?, bool> condition) =>
        this with { Condition = condition ?? throw new ArgumentNullException(nameof(condition)) };

    /// <summary>A step that runs the agent template <paramref name="templateId"/>.</summary>
    /// <exception cref="ArgumentException">The id is empty or has surrounding whitespace.</exception>
    public static WorkflowStep Agent(string templateId) =>
        new(StepKind.Agent, OrchestrationIds.Validate(templateId, "Step template id", nameof(templateId)));

    /// <summary>A step that runs the workflow <paramref name="workflowId"/> as a nested workflow.</summary>
    /// <exception cref="ArgumentException">The id is empty or has surrounding whitespace.</exception>
    public static WorkflowStep Workflow(string workflowId) =>
        new(StepKind.Workflow, OrchestrationIds.Validate(workflowId, "Step workflow id", nameof(workflowId)));

    /// <summary>A step that runs <paramref name="definition"/> as a nested workflow, identified by its id.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    public static WorkflowStep Workflow(WorkflowDefinition definition) =>
        new(StepKind.Workflow, (definition ?? throw new ArgumentNullException(nameof(definition))).Id) { Definition = definition };

    /// <inheritdoc />
    public override string ToString() => (Kind == StepKind.Agent ? TargetId : $"workflow:{TargetId}") + (Condition is null ? string.Empty : " (when ...)");
}
