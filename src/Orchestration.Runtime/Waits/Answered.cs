namespace Orchestration;

/// <summary>What a wait step hands to the next step: the request the run sent and the response it got.</summary>
/// <typeparam name="TRequest">The request type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
/// <param name="Request">The request, as the step before the wait produced it.</param>
/// <param name="Response">The response.</param>
/// <param name="AtDeadline">
/// <see langword="true"/> when nobody answered before the deadline and the response is the one the request class gave at
/// the deadline (<see cref="InputRequest{TRequest, TResponse}.TryRespondAtDeadline"/>).
/// </param>
public sealed record Answered<TRequest, TResponse>(TRequest Request, TResponse Response, bool AtDeadline = false);
