using System;
using System.Collections.Generic;

namespace Orchestration;

/// <summary>
/// Application-wide settings of the orchestration, set once with <c>services.AddOrchestration(o =&gt; …)</c> or any
/// other options configuration (<c>services.Configure&lt;OrchestrationOptions&gt;(…)</c>, configuration binding):
/// where runs are recorded, the options runs get when a call passes none, and per-template overrides.
/// </summary>
public sealed class OrchestrationOptions
{
    /// <summary>
    /// Where runs started without options are recorded, and where they are resumed and answered from; wins over
    /// <see cref="RunOptions"/>' store. <see langword="null"/> (the default) for no records.
    /// </summary>
    public IRunStore? Store { get; set; }

    /// <summary>
    /// The options a run gets when its call passes none (run timeout, failure policy, fan-out limit, progress, record
    /// serializer). Options passed to a call replace these whole.
    /// </summary>
    public WorkflowRunOptions? RunOptions { get; set; }

    /// <summary>
    /// Overrides of single templates' settings, by template id: model, output token limit, timeout and retries. Bind it
    /// from configuration (<c>"Orchestration": { "Templates": { "content_enhancer": { "TimeoutSeconds": 60 } } }</c>).
    /// </summary>
    public IDictionary<string, TemplateOptions> Templates { get; } = new Dictionary<string, TemplateOptions>(StringComparer.Ordinal);

    /// <summary>The options of runs started without any: <see cref="RunOptions"/> with <see cref="Store"/>.</summary>
    internal WorkflowRunOptions EffectiveRunOptions
    {
        get
        {
            var options = RunOptions ?? WorkflowRunOptions.Default;
            if (Store is null || ReferenceEquals(options.Store, Store))
            {
                return options;
            }

            // Built once per combination: a run started without options reads this on every start.
            var cached = _effective;
            if (cached is null || !ReferenceEquals(cached.Source, options) || !ReferenceEquals(cached.Options.Store, Store))
            {
                _effective = cached = new EffectiveOptions(options, options.ForStore(Store));
            }

            return cached.Options;
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

    private sealed record EffectiveOptions(WorkflowRunOptions Source, WorkflowRunOptions Options);
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
