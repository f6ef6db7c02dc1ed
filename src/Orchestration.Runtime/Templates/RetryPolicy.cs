using System;

namespace Orchestration;

/// <summary>
/// How often a failing agent is retried: up to <see cref="MaxAttempts"/> attempts in all, waiting
/// <see cref="BaseDelay"/>, then twice that, then four times, between them. A step is retried when its agent throws or
/// exceeds its own timeout, never when the run is cancelled or runs out of time.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>No retries: one attempt.</summary>
    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero);

    /// <summary>Creates a policy.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 attempt, or a negative delay.</exception>
    public RetryPolicy(int maxAttempts, TimeSpan baseDelay)
    {
        if (maxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "A step needs at least 1 attempt.");
        }

        if (baseDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(baseDelay), baseDelay, "The retry delay cannot be negative.");
        }

        MaxAttempts = maxAttempts;
        BaseDelay = baseDelay;
    }

    /// <summary>How many attempts in all.</summary>
    public int MaxAttempts { get; }

    /// <summary>The wait before the second attempt; it doubles before each later one.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>The wait before attempt <paramref name="attempt"/> (2 or more).</summary>
    public TimeSpan DelayBefore(int attempt) =>
        TimeSpan.FromTicks(BaseDelay.Ticks * (1L << Math.Min(attempt - 2, 20)));
}
