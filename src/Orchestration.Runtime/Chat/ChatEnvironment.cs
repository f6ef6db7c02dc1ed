using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace Orchestration;

/// <summary>
/// What chat agents take from one service provider (options, the resilience pipeline, the logger), looked up once per
/// provider instead of on every step; options are read through their monitor, so reloaded configuration applies.
/// </summary>
internal sealed class ChatEnvironment
{
    private static readonly ConditionalWeakTable<IServiceProvider, ChatEnvironment> Environments = new();
    private static readonly ChatModelOptions NoOptions = new();

    private readonly ChatModelOptions? _registered;
    private readonly IOptionsMonitor<ChatModelOptions>? _monitor;
    private readonly IOptions<OrchestrationOptions>? _orchestration;
    private readonly ResiliencePipeline<ChatResponse>? _typedPipeline;
    private readonly ResiliencePipeline? _pipeline;
    private readonly IChatClient?[]? _tierClients;

    private ChatEnvironment(IServiceProvider services)
    {
        // An instance registered directly wins; otherwise the options system (Configure<ChatModelOptions>, binding).
        _registered = services.GetService(typeof(ChatModelOptions)) as ChatModelOptions;
        _monitor = services.GetService(typeof(IOptionsMonitor<ChatModelOptions>)) as IOptionsMonitor<ChatModelOptions>;
        _orchestration = services.GetService(typeof(IOptions<OrchestrationOptions>)) as IOptions<OrchestrationOptions>;
        if (services.GetService(typeof(ResiliencePipelineProvider<string>)) is ResiliencePipelineProvider<string> pipelines)
        {
            if (pipelines.TryGetPipeline<ChatResponse>(ChatResilience.PipelineKey, out var typed))
            {
                _typedPipeline = typed;
            }
            else if (pipelines.TryGetPipeline(ChatResilience.PipelineKey, out var untyped))
            {
                _pipeline = untyped;
            }
        }

        // Clients registered for a tier (keyed by the ModelTier value) replace the agent's own for that tier.
        if (services is IKeyedServiceProvider keyed)
        {
            ModelTier[] tiers = [ModelTier.Cheap, ModelTier.Capable, ModelTier.Premium];
            var clients = new IChatClient?[tiers.Length];
            for (var i = 0; i < tiers.Length; i++)
            {
                clients[i] = keyed.GetKeyedService(typeof(IChatClient), tiers[i]) as IChatClient;
            }

            _tierClients = clients.Any(c => c is not null) ? clients : null;
        }

        Logger = OrchestrationLog.For(services);
    }

    /// <summary>The client registered for <paramref name="tier"/> (<c>AddKeyedSingleton&lt;IChatClient&gt;(tier, …)</c>), if any.</summary>
    public IChatClient? ClientFor(ModelTier tier) => _tierClients is { } clients && (int)tier < clients.Length ? clients[(int)tier] : null;

    public static ChatEnvironment For(IServiceProvider services) => Environments.GetValue(services, static s => new ChatEnvironment(s));

    public ChatModelOptions ChatOptions => _registered ?? _monitor?.CurrentValue ?? NoOptions;

    public OrchestrationOptions? Orchestration => _orchestration?.Value;

    public ILogger Logger { get; }

    /// <summary>The provider behind <paramref name="client"/> (GenAI's <c>gen_ai.provider.name</c>), when it says.</summary>
    public string? ProviderOf(IChatClient client) => Metadata(client)?.ProviderName;

    /// <summary>The model <paramref name="client"/> uses when none is asked for, when it says.</summary>
    public string? DefaultModelOf(IChatClient client) => Metadata(client)?.DefaultModelId;

    private static ChatClientMetadata? Metadata(IChatClient client) => client.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata;

    /// <summary>
    /// Makes one model call through the resilience pipeline. Every try the pipeline makes is an attempt of the step:
    /// the error of the one before is recorded, and the prompt is logged as sent.
    /// </summary>
    public ValueTask<ChatResponse> Call(ModelCall call, CancellationToken cancellationToken)
    {
        call.Tries = 0;
        if (_typedPipeline is { } typed)
        {
            return typed.ExecuteAsync(static (c, token) => c.Send(token), call, cancellationToken);
        }

        if (_pipeline is { } untyped)
        {
            return untyped.ExecuteAsync(static (c, token) => c.Send(token), call, cancellationToken);
        }

        return ChatResilience.CreatePipeline(ChatOptions.Retry).ExecuteAsync(static (c, token) => c.Send(token), call, cancellationToken);
    }
}

/// <summary>One model call of a chat agent: what is sent, and the tries the resilience pipeline made of it.</summary>
internal sealed class ModelCall
{
    private readonly IChatClient _client;
    private readonly List<ChatMessage> _messages;
    private readonly ChatOptions _options;
    private readonly AgentContext _context;
    private Exception? _failure;

    public ModelCall(IChatClient client, List<ChatMessage> messages, ChatOptions options, AgentContext context)
    {
        _client = client;
        _messages = messages;
        _options = options;
        _context = context;
    }

    public int Tries { get; set; }

    public async ValueTask<ChatResponse> Send(CancellationToken cancellationToken)
    {
        if (Tries++ > 0 && _failure is { } failed)
        {
            _context.RecordRetry($"the model call failed: {failed.GetType().Name}: {failed.Message}");
        }

        if (_context.IsLogged)
        {
            _context.Log("prompt", string.Join("\n\n", _messages.Select(m => $"[{m.Role}] {m.Text}")));
        }

        try
        {
            return await _client.GetResponseAsync(_messages, _options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _failure = ex;
            throw;
        }
    }
}
