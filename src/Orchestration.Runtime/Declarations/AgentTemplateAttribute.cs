using System;

namespace Orchestration;

/// <summary>
/// Declares an agent template: a class implementing <see cref="IAgent{TInput, TOutput}"/> that workflows can name in
/// their steps. The source generator adds it to the template registry and to dependency injection.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AgentTemplateAttribute : Attribute
{
    /// <summary>Declares a template with the given id.</summary>
    /// <param name="id">The template id steps refer to, for example <c>"content_analyzer"</c>.</param>
    public AgentTemplateAttribute(string id) => Id = id;

    /// <summary>The template id.</summary>
    public string Id { get; }

    /// <summary>The agent's role, for example <c>"Content analyst"</c>. Defaults to the class name.</summary>
    public string? Role { get; set; }

    /// <summary>The preferred model tier. Defaults to <see cref="ModelTier.Capable"/>.</summary>
    public ModelTier Tier { get; set; } = ModelTier.Capable;

    /// <summary>What the agent can do; used by capability lookups.</summary>
    public string[]? Capabilities { get; set; }

    /// <summary>Names of the tools the agent uses.</summary>
    public string[]? Tools { get; set; }

    /// <summary>Default instructions (system prompt) for LLM-backed agents.</summary>
    public string? DefaultInstructions { get; set; }

    /// <summary>Minimum tokens the agent needs. Defaults to 1,000.</summary>
    public int MinTokens { get; set; } = ResourceRequirements.DefaultMinTokens;

    /// <summary>Maximum tokens the agent may use. Defaults to 10,000.</summary>
    public int MaxTokens { get; set; } = ResourceRequirements.DefaultMaxTokens;

    /// <summary>
    /// How long one attempt of the agent may take, in seconds, counted from the call. Defaults to 300. When it passes, the
    /// agent's cancellation token is cancelled and the run stops waiting for it; the step is <c>TimedOut</c> (and retried
    /// when attempts remain). An agent that ignores its token is abandoned, still running, not stopped. An agent that
    /// blocks its thread without ever yielding cannot be left early at all: the run gets control back only when the call
    /// returns, and then reports the step <c>TimedOut</c> (or <c>Cancelled</c>) with its output discarded, saying that
    /// the agent blocked. Await asynchronous work in agents so that timeouts take effect on time.
    /// </summary>
    public int TimeoutSeconds { get; set; } = ResourceRequirements.DefaultTimeoutSeconds;

    /// <summary>Memory the agent needs, in megabytes. Defaults to 512.</summary>
    public int MemoryMb { get; set; } = ResourceRequirements.DefaultMemoryMb;

    /// <summary>How many attempts a step running this agent gets when the agent throws or times out. Defaults to 1 (no retry).</summary>
    public int MaxAttempts { get; set; } = 1;

    /// <summary>Milliseconds to wait before the first retry; the wait doubles before each later one. Defaults to 200.</summary>
    public int RetryBackoffMs { get; set; } = 200;
}
