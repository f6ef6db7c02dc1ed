using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Orchestration.Testing;

/// <summary>
/// An <see cref="IChatClient"/> for tests: replies with recorded responses, in order, and records every request (its
/// messages and options), so that workflow tests with chat agents are deterministic and can assert on prompts.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<ScriptedReply> _replies;
    private readonly List<ScriptedRequest> _requests = new();
    private readonly object _gate = new();

    /// <summary>Creates a client that replies with <paramref name="replies"/>, one per request, in order.</summary>
    public ScriptedChatClient(params ScriptedReply[] replies) =>
        _replies = new Queue<ScriptedReply>(replies ?? throw new ArgumentNullException(nameof(replies)));

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<ScriptedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>How many replies are left.</summary>
    public int Remaining
    {
        get
        {
            lock (_gate)
            {
                return _replies.Count;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No reply is left for this request.</exception>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ScriptedReply reply;
        lock (_gate)
        {
            _requests.Add(new ScriptedRequest(messages.ToArray(), options));
            if (_replies.Count == 0)
            {
                throw new InvalidOperationException(
                    $"ScriptedChatClient has no reply left for request {_requests.Count}; add a ScriptedReply for it. Last message: {_requests[_requests.Count - 1].Prompt}");
            }

            reply = _replies.Dequeue();
        }

        if (reply.Exception is { } exception)
        {
            throw exception;
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply.Text))
        {
            ModelId = reply.ModelId ?? options?.ModelId,
            Usage = new UsageDetails { InputTokenCount = reply.InputTokens, OutputTokenCount = reply.OutputTokens, TotalTokenCount = reply.InputTokens + reply.OutputTokens },
        });
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType?.IsInstanceOfType(this) == true ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

/// <summary>One recorded reply of a <see cref="ScriptedChatClient"/>.</summary>
/// <param name="Text">The reply's text.</param>
/// <param name="InputTokens">The input tokens the reply reports.</param>
/// <param name="OutputTokens">The output tokens the reply reports.</param>
/// <param name="ModelId">The model the reply claims; the request's model when null.</param>
public sealed record ScriptedReply(string Text, long InputTokens = 0, long OutputTokens = 0, string? ModelId = null)
{
    /// <summary>Thrown instead of replying, when set.</summary>
    public Exception? Exception { get; init; }

    /// <summary>A reply that fails with <paramref name="exception"/> (an outage, a rate limit...).</summary>
    public static ScriptedReply Throws(Exception exception) => new(string.Empty) { Exception = exception ?? throw new ArgumentNullException(nameof(exception)) };
}

/// <summary>One request a <see cref="ScriptedChatClient"/> received.</summary>
/// <param name="Messages">The messages sent.</param>
/// <param name="Options">The options sent.</param>
public sealed record ScriptedRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)
{
    /// <summary>The system instructions, if any.</summary>
    public string? Instructions => Messages.FirstOrDefault(m => m.Role == ChatRole.System)?.Text;

    /// <summary>The last user message: what the agent asked.</summary>
    public string? Prompt => Messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
}
