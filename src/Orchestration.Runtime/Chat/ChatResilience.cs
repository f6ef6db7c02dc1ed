using System;
using System.ClientModel;
using System.Globalization;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Polly;
using Polly.Retry;

namespace Orchestration;

/// <summary>
/// The resilience pipeline every model call of a chat agent runs through, and the rules its default one follows: which
/// failures are transient and how long a provider asked to wait.
/// </summary>
/// <remarks>
/// Replace the default by registering your own pipeline under <see cref="PipelineKey"/> with Polly's dependency
/// injection (Polly.Extensions, or Microsoft.Extensions.Resilience):
/// <code>
/// services.AddResiliencePipeline&lt;string, ChatResponse&gt;(ChatResilience.PipelineKey, builder =&gt; builder
///     .AddRetry(new RetryStrategyOptions&lt;ChatResponse&gt; { ShouldHandle = args =&gt; ValueTask.FromResult(ChatResilience.IsTransient(args.Outcome.Exception)) })
///     .AddTimeout(TimeSpan.FromSeconds(60)));
/// </code>
/// A non-generic pipeline registered under the key is used too. Every call the pipeline makes counts as an attempt of
/// the step, and the error of each failed one is recorded.
/// </remarks>
public static class ChatResilience
{
    /// <summary>The key under which a user's pipeline replaces the default: <c>"Orchestration.Chat"</c>.</summary>
    public const string PipelineKey = "Orchestration.Chat";

    private static readonly ConditionalWeakTable<ChatRetryOptions, Built> Pipelines = new();

    /// <summary>
    /// Whether <paramref name="exception"/> is worth retrying: HTTP 408, 429, 500, 502, 503 or 504, a connection that
    /// failed or dropped (no status), or an HTTP timeout. Cancellation and every other error are not.
    /// </summary>
    public static bool IsTransient(Exception? exception) => exception switch
    {
        null => false,
        ClientResultException result => result.Status == 0 || IsTransient(result.Status),
        HttpRequestException http => http.StatusCode is not { } status || IsTransient((int)status),
        TimeoutException => true,
        // HttpClient's own timeout surfaces as a cancellation caused by a TimeoutException.
        OperationCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    /// <summary>
    /// How long the provider asked to wait before the next call (<c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c> or
    /// <c>Retry-After</c> in seconds or as a date on the failed response), or <see langword="null"/> when it did not say.
    /// </summary>
    public static TimeSpan? RetryAfter(Exception? exception)
    {
        if (exception is not ClientResultException result || result.GetRawResponse()?.Headers is not { } headers)
        {
            return null;
        }

        foreach (var name in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
        {
            if (headers.TryGetValue(name, out var text) &&
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        if (headers.TryGetValue("Retry-After", out var value) && value is not null)
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    /// <summary>
    /// The default pipeline for <paramref name="options"/>: a retry of transient failures with exponential, jittered
    /// waits up to <see cref="ChatRetryOptions.MaxDelay"/>, honouring <c>Retry-After</c>. Built once per options instance.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static ResiliencePipeline<ChatResponse> CreatePipeline(ChatRetryOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        // Rebuilt when the settings change: options bound from reloadable configuration are new instances anyway.
        var settings = (options.MaxRetryAttempts, options.Delay, options.MaxDelay, options.UseJitter);
        var built = Pipelines.GetValue(options, static o => new Built());
        lock (built)
        {
            if (built.Pipeline is null || built.Settings != settings)
            {
                built.Pipeline = Build(options);
                built.Settings = settings;
            }

            return built.Pipeline;
        }
    }

    internal static bool IsTransient(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    private static ResiliencePipeline<ChatResponse> Build(ChatRetryOptions options)
    {
        if (options.MaxRetryAttempts == 0)
        {
            return ResiliencePipeline<ChatResponse>.Empty;
        }

        var maxDelay = options.MaxDelay;
        return new ResiliencePipelineBuilder<ChatResponse> { Name = PipelineKey }
            .AddRetry(new RetryStrategyOptions<ChatResponse>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.Delay,
                MaxDelay = maxDelay,
                UseJitter = options.UseJitter,
                BackoffType = DelayBackoffType.Exponential,
                // A provider that asks for a longer wait than allowed is not retried: its error is the answer.
                ShouldHandle = args => new ValueTask<bool>(
                    !args.Context.CancellationToken.IsCancellationRequested &&
                    IsTransient(args.Outcome.Exception) &&
                    !(RetryAfter(args.Outcome.Exception) > maxDelay)),
                DelayGenerator = static args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Exception)),
            })
            .Build();
    }

    private sealed class Built
    {
        public ResiliencePipeline<ChatResponse>? Pipeline;
        public (int, TimeSpan, TimeSpan, bool) Settings;
    }
}
