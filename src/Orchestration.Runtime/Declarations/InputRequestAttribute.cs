using System;

namespace Orchestration;

/// <summary>
/// Declares an input request: something a run can stop and wait for (a person's approval, an edit, data from another
/// system), with a typed request and a typed response. Put it on a class deriving from
/// <see cref="InputRequest{TRequest, TResponse}"/>, and wait for it with <c>[Step(Await = "id")]</c>: the step sends the
/// previous step's output as the request, the run records it and stops with status <see cref="WorkflowStatus.Waiting"/>,
/// and the generated <c>RespondAsync</c> records the response and continues the run, in whichever process calls it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class InputRequestAttribute : Attribute
{
    /// <summary>Declares an input request with the given id.</summary>
    /// <param name="id">The request id, for example <c>"editor_approval"</c>.</param>
    public InputRequestAttribute(string id) => Id = id;

    /// <summary>The request id.</summary>
    public string Id { get; }

    /// <summary>What the request asks for, shown to whoever answers it.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// How long, in seconds, a run waits for the response; 0 (the default) waits without a deadline. When the deadline
    /// passes, <see cref="InputRequest{TRequest, TResponse}.TryRespondAtDeadline"/> decides the outcome: a response to
    /// continue with, or (by default) the wait and the run end as <see cref="WorkflowStatus.TimedOut"/>.
    /// </summary>
    public int DeadlineSeconds { get; set; }
}
