namespace Orchestration;

/// <summary>
/// What the chat agents of a <c>prompt_cached_sequential</c> workflow receive in <see cref="AgentContext.Handoff"/>: the
/// shared context, which <see cref="ChatAgent{TInput, TOutput}"/> sends first, byte for byte the same on every step.
/// </summary>
/// <param name="Context">The shared context.</param>
public sealed record PromptCacheHandoff(string Context);
