using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ChatAgents;

/// <summary>
/// A deterministic stand-in for a model provider, so that the sample runs offline: it checks that it was asked for
/// structured output with a strict schema, answers with a dated model id and token counts as providers do, and replies
/// with malformed JSON the first time, so that the agent's repair (and its recorded attempt) shows.
/// </summary>
internal sealed class OfflineModel : IChatClient
{
    private int _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var schema = (options?.ResponseFormat as ChatResponseFormatJson)?.Schema
            ?? throw new InvalidOperationException("The offline model answers only requests for structured output.");
        if (schema.GetProperty("additionalProperties").GetBoolean())
        {
            throw new InvalidOperationException("The schema must forbid additional properties.");
        }

        var prompt = messages.First(m => m.Role == ChatRole.User).Text;
        using var topic = JsonDocument.Parse(prompt);
        var name = topic.RootElement.GetProperty("name").GetString();
        var points = topic.RootElement.GetProperty("points").GetInt32();
        var text = Interlocked.Increment(ref _calls) == 1
            ? "Here is your brief: {\"headline\": \"" + name
            : JsonSerializer.Serialize(new Brief($"Why {name} matter", Enumerable.Range(1, points).Select(i => $"point {i} about {name}").ToArray(), 120), SampleJson.Default.Brief);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = (options?.ModelId ?? "offline") + "-2024-07-18",
            Usage = new UsageDetails { InputTokenCount = 900, OutputTokenCount = 150 },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("offline", null, "gpt-4o-mini") : null;

    public void Dispose()
    {
    }
}
