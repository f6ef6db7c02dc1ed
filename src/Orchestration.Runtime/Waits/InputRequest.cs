using System.Diagnostics.CodeAnalysis;

namespace Orchestration;

/// <summary>
/// The base of an <see cref="InputRequestAttribute"/> class: what a run sends (<typeparamref name="TRequest"/>, the output
/// of the step before the wait) and what it waits for (<typeparamref name="TResponse"/>). The step after the wait receives
/// both, as <see cref="Answered{TRequest, TResponse}"/>. Override the members to check responses and to decide what a
/// passed deadline means; the class is created from dependency injection when it is registered there, so it can use
/// services.
/// </summary>
/// <typeparam name="TRequest">What the run sends to whoever answers.</typeparam>
/// <typeparam name="TResponse">What the run waits for.</typeparam>
public abstract class InputRequest<TRequest, TResponse>
{
    /// <summary>
    /// Checks a response before it is recorded. Return <see langword="null"/> to accept it, or a message saying what is
    /// wrong: the response is refused with that message and the run keeps waiting. Accepts every response by default.
    /// </summary>
    /// <param name="request">The request the run is waiting on.</param>
    /// <param name="response">The response given.</param>
    public virtual string? Validate(TRequest request, TResponse response) => null;

    /// <summary>
    /// Decides what happens when the deadline passes with no response: return <see langword="true"/> and a response to
    /// continue the run with it (recorded as given at the deadline), or <see langword="false"/> (the default) to end the
    /// wait, and the run, as <see cref="WorkflowStatus.TimedOut"/>.
    /// </summary>
    /// <param name="request">The request nobody answered.</param>
    /// <param name="response">The response to continue with.</param>
    public virtual bool TryRespondAtDeadline(TRequest request, [MaybeNullWhen(false)] out TResponse response)
    {
        response = default;
        return false;
    }
}
