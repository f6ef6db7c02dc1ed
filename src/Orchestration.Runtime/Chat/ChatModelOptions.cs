using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Orchestration;

/// <summary>
/// How chat agents reach models: which model each tier uses (overridable per template), optionally a different
/// <see cref="IChatClient"/> per tier, and what models cost. Register one instance in dependency injection; chat agents
/// read it from the run's services.
/// </summary>
public sealed class ChatModelOptions
{
    /// <summary>The model id for each tier, for example Cheap → "gpt-4o-mini".</summary>
    public IDictionary<ModelTier, string> Models { get; } = new Dictionary<ModelTier, string>();

    /// <summary>A model id for one template, by template id; wins over <see cref="Models"/>.</summary>
    public IDictionary<string, string> TemplateModels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A chat client for a tier, used instead of the agent's own client (for example a local model for Cheap).</summary>
    public IDictionary<ModelTier, IChatClient> Clients { get; } = new Dictionary<ModelTier, IChatClient>();

    /// <summary>What each model costs, by model id. Steps on models without a price have no cost.</summary>
    public IDictionary<string, ModelPrice> Prices { get; } = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);

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

    /// <summary>What <paramref name="usage"/> cost on <paramref name="modelId"/>, or <see langword="null"/> when it has no price.</summary>
    public decimal? CostOf(string? modelId, TokenUsage usage) =>
        modelId is not null && Prices.TryGetValue(modelId, out var price) ? price.CostOf(usage) : null;
}
