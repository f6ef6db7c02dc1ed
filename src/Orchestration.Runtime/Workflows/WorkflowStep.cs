using System;

namespace Orchestration;

/// <summary>One step of a workflow definition: an agent template or a nested workflow (by id), a wait for an input request, or a delay.</summary>
public sealed record WorkflowStep
{
    private WorkflowStep(StepKind kind, string targetId)
    {
        Kind = kind;
        TargetId = targetId;
    }

    /// <summary>Whether the step runs an agent or a workflow.</summary>
    public StepKind Kind { get; }

    /// <summary>The template id, workflow id or input request id; <c>delay</c> for a delay.</summary>
    public string TargetId { get; }

    /// <summary>For a wait step, the input request it waits for.</summary>
    public InputRequestDefinition? Request { get; private init; }

    /// <summary>For a delay step with a fixed duration, the duration.</summary>
    public TimeSpan? Delay { get; private init; }

    /// <summary>For a delay step until a computed time, the name of what computes it (part of the fingerprint).</summary>
    public string? UntilName { get; private init; }

    /// <summary>For a delay step until a computed time, on the dynamic path: computes the due time from the step's input.</summary>
    public Func<object?, DateTimeOffset>? Until { get; private init; }

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

    /// <summary>A step that waits for a response to <paramref name="request"/>; the previous step's output is the request.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static WorkflowStep Await(InputRequestDefinition request) =>
        new(StepKind.Wait, (request ?? throw new ArgumentNullException(nameof(request))).Id) { Request = request };

    /// <summary>A step that delays the run by <paramref name="delay"/>, passing its input on.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is not positive.</exception>
    public static WorkflowStep DelayFor(TimeSpan delay) => delay > TimeSpan.Zero
        ? new(StepKind.Timer, DelayId) { Delay = delay }
        : throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay must be positive.");

    /// <summary>A step that delays the run until the time <paramref name="until"/> computes from its input, passing the input on.</summary>
    /// <param name="name">What computes the time (a method name), so that the workflow's fingerprint changes when it does.</param>
    /// <param name="until">Computes the due time; <see langword="null"/> when the generated runner computes it (typed).</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static WorkflowStep DelayUntil(string name, Func<object?, DateTimeOffset>? until = null) =>
        new(StepKind.Timer, DelayId) { UntilName = OrchestrationIds.Validate(name, "Delay method name", nameof(name)), Until = until };

    /// <summary>The <see cref="TargetId"/> (and step id in results) of delay steps.</summary>
    public const string DelayId = "delay";

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        StepKind.Agent => TargetId,
        StepKind.Workflow => $"workflow:{TargetId}",
        StepKind.Wait => $"await:{TargetId}",
        _ => Delay is { } delay ? $"delay:{delay}" : $"delay:until {UntilName}",
    } + (Condition is null ? string.Empty : " (when ...)");
}
