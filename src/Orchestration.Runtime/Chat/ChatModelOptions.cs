using System;
using System.Collections.Generic;

namespace Orchestration;

/// <summary>
/// How chat agents reach models: which model each tier uses (overridable per template), what models cost, whether
/// structured output is strict, and how transient failures are retried. Every property binds from configuration, with
/// the configuration binding source generator too (native AOT).
/// </summary>
/// <remarks>
/// Configure it like any options class: <c>services.Configure&lt;ChatModelOptions&gt;(o =&gt; …)</c>, or bind it from
/// configuration (<c>services.Configure&lt;ChatModelOptions&gt;(configuration.GetSection("Orchestration:Chat"))</c>).
/// Chat agents read <c>IOptionsMonitor&lt;ChatModelOptions&gt;</c> from the run's services, so changes to reloadable
/// configuration apply to the next step. An instance registered directly (<c>services.AddSingleton(options)</c>) is
/// used when no options are configured. To give a tier its own <c>IChatClient</c> (a local model for Cheap, for
/// example), register it as a keyed service under the tier: <c>services.AddKeyedSingleton&lt;IChatClient&gt;(ModelTier.Cheap, client)</c>.
/// </remarks>
public sealed class ChatModelOptions
{
    /// <summary>The model id for each tier, for example Cheap → "gpt-4o-mini".</summary>
    public IDictionary<ModelTier, string> Models { get; } = new Dictionary<ModelTier, string>();

    /// <summary>
    /// A model id for one template, by template id; wins over <see cref="Models"/>. (A template's <c>Model</c> in
    /// <see cref="OrchestrationOptions.Templates"/> wins over both.)
    /// </summary>
    public IDictionary<string, string> TemplateModels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// What each model costs, by model id as you request it ("gpt-4o-mini"), compared without regard to case. Providers
    /// answer with dated or prefixed ids ("gpt-4o-mini-2024-07-18", "openai/gpt-4o-mini"); see <see cref="PriceOf"/>.
    /// Steps on models without a price have no cost.
    /// </summary>
    public IDictionary<string, ModelPrice> Prices { get; } = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether chat agents ask the provider to hold structured output to the schema exactly (OpenAI's
    /// <c>"strict": true</c>). The schema chat agents send is always one that strict mode accepts; a chat agent can
    /// override this with <see cref="ChatAgent{TInput, TOutput}.StrictJsonSchema"/>. Defaults to <see langword="false"/>.
    /// </summary>
    public bool StrictJsonSchema { get; set; }

    /// <summary>
    /// The most tokens a model may produce in one call, for every chat agent; <see langword="null"/> (the default) sends
    /// no limit, leaving it to the provider. A template's <c>MaxOutputTokens</c> in
    /// <see cref="OrchestrationOptions.Templates"/> wins.
    /// </summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>How a model call that fails transiently (rate limited, overloaded, timed out) is retried.</summary>
    public ChatRetryOptions Retry { get; } = new();

    /// <summary>The model a template's agent uses: its own override, else its tier's, else none (the client's default).</summary>
    public string? ModelFor(AgentTemplate template)
    {
        if (template is null)
        {
            throw new ArgumentNullException(nameof(template));
        }

        return TemplateModels.TryGetValue(template.Id, out var model) ? model
            : Models.TryGetValue(template.Tier, out var tierModel) ? tierModel
            : null;
    }

    /// <summary>
    /// The price of a call that asked for <paramref name="requestedModel"/> and was answered by
    /// <paramref name="responseModel"/>, or <see langword="null"/> when neither has one. The requested id is tried first,
    /// then the response's; each as written, then without a provider prefix ("openai/") and without a date or version
    /// stamp ("-2024-07-18", "-20240718", "@20240718", "-0613"), against <see cref="Prices"/> keys read the same way.
    /// Ids are never matched by prefix alone: "gpt-4o-mini-2024-07-18" does not take the price of "gpt-4o".
    /// </summary>
    public ModelPrice? PriceOf(string? requestedModel, string? responseModel)
    {
        if (Prices.Count == 0)
        {
            return null;
        }

        return Exact(requestedModel) ?? Exact(responseModel) ?? Normalized(requestedModel) ?? Normalized(responseModel);

        ModelPrice? Exact(string? id) => id is not null && Prices.TryGetValue(id, out var price) ? price : null;

        ModelPrice? Normalized(string? id)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                return null;
            }

            var wanted = ModelIds.Normalize(id!);
            foreach (var pair in Prices)
            {
                if (string.Equals(ModelIds.Normalize(pair.Key), wanted, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value;
                }
            }

            return null;
        }
    }

    /// <summary>What <paramref name="usage"/> cost on <paramref name="modelId"/>, or <see langword="null"/> when it has no price.</summary>
    public decimal? CostOf(string? modelId, TokenUsage usage) => PriceOf(modelId, null)?.CostOf(usage);

    /// <summary>
    /// What <paramref name="usage"/> cost on a call that asked for <paramref name="requestedModel"/> and was answered by
    /// <paramref name="responseModel"/> (see <see cref="PriceOf"/>), or <see langword="null"/> when neither has a price.
    /// </summary>
    public decimal? CostOf(string? requestedModel, string? responseModel, TokenUsage usage) => PriceOf(requestedModel, responseModel)?.CostOf(usage);
}
