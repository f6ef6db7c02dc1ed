using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace ContentPipeline;

/// <summary>
/// A deterministic stand-in for a chat model, so that the sample runs offline with no API key. It reads the analysis the
/// editor agent sends, applies the editing rules the instructions describe, and replies with the JSON a model would,
/// reporting token counts (about four characters per token) so that usage and cost are shown. Replace it with a real
/// <see cref="IChatClient"/> (OpenAI, Azure OpenAI, Ollama, ...) and nothing else changes.
/// </summary>
public sealed class OfflineEditor : IChatClient
{
    public const string ModelId = "offline-editor";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var all = messages.ToArray();
        var prompt = all.Last(m => m.Role == ChatRole.User).Text;
        var analysis = JsonSerializer.Deserialize(prompt, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Analysis>)SampleJson.AgentOptions.GetTypeInfo(typeof(Analysis)))
            ?? throw new InvalidOperationException("The offline editor expected an analysis as JSON.");
        var reply = JsonSerializer.Serialize(Edit(analysis), (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Enhanced>)SampleJson.AgentOptions.GetTypeInfo(typeof(Enhanced)));
        var input = all.Sum(m => m.Text.Length) / 4;
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply))
        {
            ModelId = options?.ModelId ?? ModelId,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = reply.Length / 4, TotalTokenCount = input + (reply.Length / 4) },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static Enhanced Edit(Analysis analysis)
    {
        var improvements = new List<string>();
        var sentences = new List<string>();
        foreach (var sentence in TextStatistics.Sentences(analysis.Article.Body))
        {
            var parts = sentence.Split(", ", 2);
            if (TextStatistics.Words(sentence).Length > 25 && parts.Length == 2)
            {
                sentences.Add(parts[0].TrimEnd(',') + ".");
                sentences.Add(char.ToUpperInvariant(parts[1][0]) + parts[1][1..]);
                improvements.Add("split a long sentence");
            }
            else
            {
                sentences.Add(sentence);
            }
        }

        var title = analysis.Article.Title;
        if (analysis.Keywords.Count > 0 && !title.Contains(analysis.Keywords[0], StringComparison.OrdinalIgnoreCase))
        {
            title = $"{title}: {char.ToUpperInvariant(analysis.Keywords[0][0])}{analysis.Keywords[0][1..]}";
            improvements.Add($"added keyword '{analysis.Keywords[0]}' to the title");
        }

        return new Enhanced(title, string.Join(" ", sentences), analysis.Keywords, improvements);
    }
}
