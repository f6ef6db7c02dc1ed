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
using Orchestration.Telemetry;
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

    /// <summary>
    /// Makes one model call through the resilience pipeline. Every try the pipeline makes is an attempt of the step:
    /// the error of the one before is recorded, and the prompt is logged as sent.
    /// </summary>
    /// <remarks>
    /// A pipeline registered by the application sees every call (it may time, limit or break them). The default one is
    /// only a retry, so its first try is made directly, and the pipeline takes over only when that try fails: it is
    /// handed the failure as its own first outcome, and waits and retries exactly as if it had made the call. A call
    /// that succeeds at once (nearly all of them) pays nothing for retries it did not need.
    /// </remarks>
    public ValueTask<ChatResponse> Call(ModelCall call, CancellationToken cancellationToken)
    {
        call.Begin();
        if (_typedPipeline is { } typed)
        {
            return typed.ExecuteAsync(static (c, token) => c.Send(token), call, cancellationToken);
        }

        if (_pipeline is { } untyped)
        {
            return untyped.ExecuteAsync(static (c, token) => c.Send(token), call, cancellationToken);
        }

        ValueTask<ChatResponse> first;
        try
        {
            first = call.Send(cancellationToken);
        }
        catch (Exception ex)
        {
            first = new ValueTask<ChatResponse>(Task.FromException<ChatResponse>(ex));
        }

        return first.IsCompletedSuccessfully ? first : RetryAsync(first, call, cancellationToken);
    }

    private async ValueTask<ChatResponse> RetryAsync(ValueTask<ChatResponse> first, ModelCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await first.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            call.Failed(ex);
        }

        return await ChatResilience.CreatePipeline(ChatOptions.Retry).ExecuteAsync(static (c, token) => c.Send(token), call, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>One model call of a chat agent: what is sent, and the tries made of it.</summary>
internal sealed class ModelCall
{
    private readonly IChatClient _client;
    private readonly List<ChatMessage> _messages;
    private readonly ChatOptions _options;
    private readonly AgentContext _context;
    private Exception? _failure;
    private bool _replayFailure;
    private bool _sent;

    public ModelCall(IChatClient client, List<ChatMessage> messages, ChatOptions options, AgentContext context)
    {
        _client = client;
        _messages = messages;
        _options = options;
        _context = context;
    }

    /// <summary>Starts a new call (a chat agent asking again after a reply it could not use is a new call).</summary>
    public void Begin()
    {
        _failure = null;
        _replayFailure = false;
        _sent = false;
    }

    /// <summary>The first try failed: the pipeline's first invocation throws <paramref name="failure"/> instead of calling again.</summary>
    public void Failed(Exception failure)
    {
        _failure = failure;
        _replayFailure = true;
    }

    /// <summary>One try: records the previous try's error as a retry of the step, logs the prompt, calls the model.</summary>
    public ValueTask<ChatResponse> Send(CancellationToken cancellationToken)
    {
        if (_replayFailure)
        {
            _replayFailure = false;
            return new ValueTask<ChatResponse>(Task.FromException<ChatResponse>(_failure!));
        }

        if (_sent && _failure is { } failed)
        {
            _context.RecordRetry($"the model call failed: {failed.GetType().Name}: {failed.Message}");
        }

        _sent = true;
        if (_context.IsLogged)
        {
            _context.Log("prompt", string.Join("\n\n", _messages.Select(m => $"[{m.Role}] {m.Text}")));
        }

        Task<ChatResponse> pending;
        try
        {
            pending = _client.GetResponseAsync(_messages, _options, cancellationToken);
        }
        catch (Exception ex)
        {
            _failure = ex;
            throw;
        }

        return pending.IsCompletedSuccessfully ? new ValueTask<ChatResponse>(pending.Result) : Await(pending, cancellationToken);
    }

    private async ValueTask<ChatResponse> Await(Task<ChatResponse> pending, CancellationToken cancellationToken)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _failure = ex;
            throw;
        }
    }
}
