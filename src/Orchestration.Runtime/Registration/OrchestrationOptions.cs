using System;
using System.Collections.Generic;
using Orchestration.Records;

namespace Orchestration;

/// <summary>
/// Application-wide settings of the orchestration, set once with <c>services.AddOrchestration(o =&gt; …)</c> or any
/// other options configuration (<c>services.Configure&lt;OrchestrationOptions&gt;(…)</c>, binding from configuration,
/// with or without the configuration binding source generator): where runs are recorded and the limits of runs started
/// without options, and per-template overrides. Options passed to a call replace these whole.
/// </summary>
public sealed class OrchestrationOptions
{
    /// <summary>Where runs started without options are recorded (see <see cref="UseStore"/>); <see langword="null"/> for no records.</summary>
    /// <remarks>Not public: configuration binding (its source generator too) would try to bind it, and cannot.</remarks>
    internal IRunStore? Store { get; private set; }

    /// <summary>Records runs started without options in <paramref name="store"/>, for example a <see cref="FileRunStore"/>.</summary>
    /// <returns>These options.</returns>
    /// <remarks>A method rather than a property, so that these options bind from configuration, which cannot hold a store.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public OrchestrationOptions UseStore(IRunStore store)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        return this;
    }

    /// <summary>How long a run started without options may take; <see langword="null"/> (the default) for no limit.</summary>
    public TimeSpan? RunTimeout { get; set; }

    /// <summary>What strategies do when a step fails, in runs started without options. Defaults to <see cref="FailurePolicy.FailFast"/>.</summary>
    public FailurePolicy FailurePolicy { get; set; } = FailurePolicy.FailFast;

    /// <summary>How many steps of a fan-out may run at once, in runs started without options; <see langword="null"/> for no limit.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>
    /// Overrides of single templates' settings, by template id: model, output token limit, timeout and retries. Bind it
    /// from configuration (<c>"Orchestration": { "Templates": { "content_enhancer": { "TimeoutSeconds": 60 } } }</c>).
    /// </summary>
    public IDictionary<string, TemplateOptions> Templates { get; } = new Dictionary<string, TemplateOptions>(StringComparer.Ordinal);

    /// <summary>The options of runs started without any; built once for each combination of the settings above.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (a timeout that is not positive, a parallelism below 1).</exception>
    internal WorkflowRunOptions EffectiveRunOptions
    {
        get
        {
            var settings = (Store, RunTimeout, FailurePolicy, MaxDegreeOfParallelism);
            if (_effective is { } cached && cached.Settings == settings)
            {
                return cached.Options;
            }

            var options = settings == default((IRunStore?, TimeSpan?, FailurePolicy, int?))
                ? WorkflowRunOptions.Default
                : new WorkflowRunOptions { Store = Store, Timeout = RunTimeout, FailurePolicy = FailurePolicy, MaxDegreeOfParallelism = MaxDegreeOfParallelism };
            _effective = new EffectiveOptions(settings, options);
            return options;
        }
    }

    private EffectiveOptions? _effective;

    /// <summary>The overrides of <paramref name="templateId"/>, or <see langword="null"/> when there are none.</summary>
    internal TemplateOptions? For(string templateId) =>
        Templates.Count != 0 && Templates.TryGetValue(templateId, out var template) ? template : null;

    /// <summary>The options configured in <paramref name="services"/>, or <see langword="null"/> when none are.</summary>
    internal static OrchestrationOptions? From(IServiceProvider? services) =>
        (services?.GetService(typeof(Microsoft.Extensions.Options.IOptions<OrchestrationOptions>)) as Microsoft.Extensions.Options.IOptions<OrchestrationOptions>)?.Value;

    /// <summary><paramref name="options"/>, else the run options configured in <paramref name="services"/>, else the defaults.</summary>
    internal static WorkflowRunOptions Resolve(WorkflowRunOptions? options, IServiceProvider? services) =>
        options ?? From(services)?.EffectiveRunOptions ?? WorkflowRunOptions.Default;

    private sealed record EffectiveOptions((IRunStore?, TimeSpan?, FailurePolicy, int?) Settings, WorkflowRunOptions Options);
}

/// <summary>
/// Overrides of one template's settings, from code or configuration; unset values keep the template's own. See
/// <see cref="OrchestrationOptions.Templates"/>.
/// </summary>
public sealed class TemplateOptions
{
    /// <summary>The model a chat agent of this template asks for; wins over <see cref="ChatModelOptions"/>.</summary>
    public string? Model { get; set; }

    /// <summary>The most tokens the model may produce in one call of this template's chat agent.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>How long one attempt of the agent may take, in seconds (the template's <c>TimeoutSeconds</c>).</summary>
    public int? TimeoutSeconds { get; set; }

    /// <summary>How many attempts a step of this template gets when its agent throws or times out (the template's <c>MaxAttempts</c>).</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>Milliseconds before the first retry of a step; doubles before each later one (the template's <c>RetryBackoffMs</c>).</summary>
    public int? RetryBackoffMs { get; set; }

    /// <summary>The timeout for <paramref name="template"/> with this override applied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The override is not positive; the message names the template.</exception>
    internal TimeSpan TimeoutFor(AgentTemplate template) => TimeoutSeconds switch
    {
        null => template.Resources.Timeout,
        > 0 and var seconds => TimeSpan.FromSeconds(seconds),
        var seconds => throw new ArgumentOutOfRangeException(nameof(TimeoutSeconds), seconds, $"Template '{template.Id}': the configured TimeoutSeconds must be positive."),
    };

    /// <summary>The retry policy for <paramref name="template"/> with this override applied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An override is out of range; the message names the template.</exception>
    internal RetryPolicy RetryFor(AgentTemplate template)
    {
        if (MaxAttempts is null && RetryBackoffMs is null)
        {
            return template.Retry;
        }

        var attempts = MaxAttempts ?? template.Retry.MaxAttempts;
        var backoff = RetryBackoffMs is { } ms ? TimeSpan.FromMilliseconds(ms) : template.Retry.BaseDelay;
        if (attempts < 1 || backoff < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                attempts < 1 ? nameof(MaxAttempts) : nameof(RetryBackoffMs),
                $"Template '{template.Id}': the configured MaxAttempts must be at least 1 and RetryBackoffMs cannot be negative.");
        }

        return new RetryPolicy(attempts, backoff);
    }
}
