using System;

namespace Orchestration;

/// <summary>
/// How chat agents retry a model call that failed transiently: rate limited (HTTP 429), overloaded or unavailable
/// (408, 500, 502, 503, 504), a dropped connection or an HTTP timeout. Waits grow exponentially from
/// <see cref="Delay"/>, with jitter, up to <see cref="MaxDelay"/>; a provider's <c>Retry-After</c> is honoured. Anything
/// else (a bad request, an authentication error, the run's own cancellation) is not retried.
/// </summary>
/// <remarks>
/// These settings build the default pipeline. To replace it, register a Polly pipeline under
/// <see cref="ChatResilience.PipelineKey"/> (<c>services.AddResiliencePipeline&lt;string, ChatResponse&gt;(ChatResilience.PipelineKey, …)</c>);
/// chat agents then run every model call through yours. Provider clients often retry by themselves too (the OpenAI
/// client retries 429 and 5xx three times by default): keep one of the two, or calls are retried up to sixteen times.
/// </remarks>
public sealed class ChatRetryOptions
{
    private int _maxRetryAttempts = 3;
    private TimeSpan _delay = TimeSpan.FromSeconds(1);
    private TimeSpan _maxDelay = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first call (0 for none). Defaults to 3.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxRetryAttempts
    {
        get => _maxRetryAttempts;
        set => _maxRetryAttempts = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxRetryAttempts cannot be negative.");
    }

    /// <summary>The wait before the first retry; it doubles before each later one. Defaults to 1 second.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan Delay
    {
        get => _delay;
        set => _delay = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Delay cannot be negative.");
    }

    /// <summary>
    /// The longest wait before a retry. A provider that asks to wait longer (<c>Retry-After</c>) is not retried: the call
    /// fails with its error. Defaults to 30 seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan MaxDelay
    {
        get => _maxDelay;
        set => _maxDelay = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxDelay must be positive.");
    }

    /// <summary>Whether waits are spread randomly (decorrelated jitter) so that many clients do not retry in step. Defaults to <see langword="true"/>.</summary>
    public bool UseJitter { get; set; } = true;
}
