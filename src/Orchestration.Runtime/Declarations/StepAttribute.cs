using System;

namespace Orchestration;

/// <summary>
/// One step of a workflow. A step names exactly one of an agent template (the constructor argument) or another
/// workflow (<see cref="Workflow"/>). Steps run in the order they are written.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class StepAttribute : Attribute
{
    /// <summary>A step that references another workflow through <see cref="Workflow"/>.</summary>
    public StepAttribute()
    {
    }

    /// <summary>A step that runs the agent template with the given id.</summary>
    /// <param name="template">The template id.</param>
    public StepAttribute(string template) => Template = template;

    /// <summary>The agent template this step runs, or <see langword="null"/> for a workflow step.</summary>
    public string? Template { get; }

    /// <summary>The workflow this step runs as a nested workflow, or <see langword="null"/> for an agent step.</summary>
    public string? Workflow { get; set; }

    /// <summary>
    /// For <c>conditional</c> and <c>multi_conditional</c>: the name of a static method on the workflow class that
    /// decides whether this branch runs, <c>static bool Condition(TInput input)</c>. A branch without one is the default.
    /// </summary>
    public string? When { get; set; }
}
