using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Orchestration.Benchmarks.Runtime;

/// <summary>
/// One LLM step through a chat client that answers at once with the same JSON: a generated one-step workflow over a
/// <see cref="ChatAgent{TInput, TOutput}"/> (prompt composition, JSON schema, strict parsing, usage, the step's
/// guarantees) against calling the client and parsing its reply by hand. The difference is what the orchestration adds
/// to every model call; a real call takes 100 ms or more.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("ChatStep")]
public class ChatStepBenchmarks
{
    private static readonly Draft Input = new("Launch", "We ship on Monday.");
    private readonly FixedReplyClient _client = new("""{"approved":true,"reason":"clear and short"}""");
    private IServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup() => _services = new ClientServices(_client);

    [Benchmark(Baseline = true)]
    public async Task<Verdict> ClientByHand()
    {
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, ReviewerPrompt.Text),
            new(ChatRole.User, JsonSerializer.Serialize(Input, AIJsonUtilities.DefaultOptions)),
        };
        var response = await _client.GetResponseAsync(messages, new ChatOptions { ModelId = "model" }).ConfigureAwait(false);
        return JsonSerializer.Deserialize<Verdict>(response.Text, AIJsonUtilities.DefaultOptions)!;
    }

    [Benchmark]
    public async Task<Verdict> GeneratedChatStep() => (await Review.RunAsync(Input, _services).ConfigureAwait(false)).Output;

    private sealed class ClientServices(IChatClient client) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IChatClient) ? client : null;
    }
}

/// <summary>A chat client that answers every request at once with the same text and usage.</summary>
internal sealed class FixedReplyClient(string reply) : IChatClient
{
    private readonly string _reply = reply;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, _reply)) { Usage = new UsageDetails { InputTokenCount = 40, OutputTokenCount = 12 } });

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

public sealed record Draft(string Title, string Body);

public sealed record Verdict(bool Approved, string Reason);

[AgentTemplate("reviewer", DefaultInstructions = ReviewerPrompt.Text)]
public sealed class Reviewer(IChatClient chat) : ChatAgent<Draft, Verdict>(chat);

internal static class ReviewerPrompt
{
    public const string Text = "Review the draft. Approve it when it is clear and short.";
}

[Workflow("review")]
[Step("reviewer")]
public static partial class Review;
