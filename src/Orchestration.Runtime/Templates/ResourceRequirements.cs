using System;

namespace Orchestration;

/// <summary>What one run of an agent may use. The timeout is enforced by the run engine.</summary>
public sealed record ResourceRequirements
{
    /// <summary>Default minimum tokens (1,000), as in attune.</summary>
    public const int DefaultMinTokens = 1_000;

    /// <summary>Default maximum tokens (10,000), as in attune.</summary>
    public const int DefaultMaxTokens = 10_000;

    /// <summary>Default timeout in seconds (300), as in attune.</summary>
    public const int DefaultTimeoutSeconds = 300;

    /// <summary>Default memory in megabytes (512), as in attune.</summary>
    public const int DefaultMemoryMb = 512;

    /// <summary>The defaults: 1,000/10,000 tokens, 300 s, 512 MB.</summary>
    public static ResourceRequirements Default { get; } = new();

    /// <summary>Creates requirements, validating every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message says which and why.</exception>
    public ResourceRequirements(
        int minTokens = DefaultMinTokens,
        int maxTokens = DefaultMaxTokens,
        int timeoutSeconds = DefaultTimeoutSeconds,
        int memoryMb = DefaultMemoryMb)
    {
        if (minTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minTokens), minTokens, "min_tokens must be non-negative.");
        }

        if (maxTokens < minTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, $"max_tokens must be >= min_tokens ({minTokens}).");
        }

        if (timeoutSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeoutSeconds), timeoutSeconds, "timeout_seconds must be positive.");
        }

        if (memoryMb <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(memoryMb), memoryMb, "memory_mb must be positive.");
        }

        MinTokens = minTokens;
        MaxTokens = maxTokens;
        TimeoutSeconds = timeoutSeconds;
        MemoryMb = memoryMb;
    }

    /// <summary>Minimum tokens the agent needs.</summary>
    public int MinTokens { get; }

    /// <summary>Maximum tokens the agent may use.</summary>
    public int MaxTokens { get; }

    /// <summary>
    /// How long one attempt of the agent may take, in seconds (see <see cref="AgentTemplateAttribute.TimeoutSeconds"/>:
    /// an agent that ignores its token is abandoned, not stopped, and one that blocks without yielding is reported when
    /// its call returns).
    /// </summary>
    public int TimeoutSeconds { get; }

    /// <summary>Memory the agent needs, in megabytes.</summary>
    public int MemoryMb { get; }

    /// <summary><see cref="TimeoutSeconds"/> as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}
