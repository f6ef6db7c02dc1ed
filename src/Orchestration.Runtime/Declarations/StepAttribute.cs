using System;

namespace Orchestration;

/// <summary>
/// One step of a workflow. A step names exactly one of: an agent template (the constructor argument), another workflow
/// (<see cref="Workflow"/>), an input request to wait for (<see cref="Await"/>), or a delay (<see cref="DelaySeconds"/>
/// or <see cref="Until"/>). Steps run in the order they are written.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class StepAttribute : Attribute
{
    /// <summary>A step that names what it runs through <see cref="Workflow"/>, <see cref="Await"/>, <see cref="DelaySeconds"/> or <see cref="Until"/>.</summary>
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
    /// The id of an <see cref="InputRequestAttribute"/> this step waits for. The previous step's output is the request;
    /// the run records it and stops with status <see cref="WorkflowStatus.Waiting"/> until a response is given
    /// (generated <c>RespondAsync</c>); the next step receives <see cref="Answered{TRequest, TResponse}"/>. Only
    /// sequential workflows (and the workflows they nest) can wait.
    /// </summary>
    public string? Await { get; set; }

    /// <summary>
    /// A delay, in seconds: the step passes its input on unchanged once the time has passed. With a run store the due
    /// time is recorded and the run stops with status <see cref="WorkflowStatus.Waiting"/>, to be continued when due
    /// (by the recovery service, or <c>ResumeAsync</c>); without one the run waits in memory.
    /// </summary>
    public int DelaySeconds { get; set; }

    /// <summary>
    /// A delay until a time computed from the step's input: the name of a static method on the workflow class,
    /// <c>static DateTimeOffset Until(TInput input)</c>. Called once; the due time is recorded, so a continued run keeps it.
    /// </summary>
    public string? Until { get; set; }

    /// <summary>
    /// For <c>conditional</c> and <c>multi_conditional</c>: the name of a static method on the workflow class that
    /// decides whether this branch runs, <c>static bool Condition(TInput input)</c>. A branch without one is the default.
    /// </summary>
    public string? When { get; set; }
}
