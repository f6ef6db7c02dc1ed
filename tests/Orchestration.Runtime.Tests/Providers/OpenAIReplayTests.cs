using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using Orchestration.Records;
using Orchestration.Telemetry;

namespace Orchestration.Runtime.Tests.Providers;

/// <summary>
/// Chat agents driven through the real Microsoft.Extensions.AI OpenAI client against <see cref="ReplayServer"/>, which
/// answers with recorded OpenAI responses: what goes over the wire (schema, messages, limits) and what comes back
/// (dated model ids, usage, tool calls, malformed JSON, rate limits).
/// </summary>
[Collection(nameof(TelemetryTests))]
public sealed class OpenAIReplayTests
{
    public sealed record Topic(string Name, int Words);

    public sealed record Summary(string Headline, IReadOnlyList<string> Points, int Words);

    private sealed class Summarizer(IChatClient chat) : ChatAgent<Topic, Summary>(chat);

    private const string Instructions = "Summarize the topic in a headline and a few points.";

    private static AgentTemplate<Topic, Summary> Template(params string[] tools) => new(
        "summarizer", "Summarizer", typeof(Summarizer), sp => new Summarizer(sp.GetRequiredService<IChatClient>()),
        ModelTier.Cheap, tools: tools, defaultInstructions: Instructions);

    /// <summary>The real client over the replay server; its own retries off, so that the agent's pipeline is what retries.</summary>
    private static IChatClient Client(ReplayServer server, bool invokeFunctions = false, bool telemetry = false)
    {
        var openAi = new OpenAIClient(new ApiKeyCredential("sk-test"), new OpenAIClientOptions
        {
            Endpoint = server.Endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
        var builder = openAi.GetChatClient("gpt-4o-mini").AsIChatClient().AsBuilder();
        if (invokeFunctions)
        {
            builder.UseFunctionInvocation();
        }

        if (telemetry)
        {
            builder.UseOpenTelemetry(sourceName: "Tests.GenAI");
        }

        return builder.Build();
    }

    private static (OrchestrationRegistry Registry, ServiceProvider Services) Setup(IChatClient client, AgentTemplate<Topic, Summary> template, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(client)
            .AddSingleton<AITool>(AIFunctionFactory.Create((string text) => text.Split(' ').Length, name: "word_count"))
            .Configure<ChatModelOptions>(o =>
            {
                o.Models[ModelTier.Cheap] = "gpt-4o-mini";
                o.Prices["gpt-4o-mini"] = new ModelPrice(inputPerMillionTokens: 0.15m, outputPerMillionTokens: 0.60m);
                o.StrictJsonSchema = true;
                o.Retry.Delay = TimeSpan.FromMilliseconds(10);
            });
        configure?.Invoke(services);
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(template);
        registry.Workflows.Register(new WorkflowDefinition("brief", "sequential", [WorkflowStep.Agent("summarizer")]));
        return (registry, services.BuildServiceProvider());
    }

    [Fact]
    public async Task A_dated_model_id_is_priced_by_the_requested_model_and_the_request_carries_a_strict_schema_and_no_token_limit()
    {
        using var server = new ReplayServer(RecordedResponse.File("summary-dated-model.json"));
        var (registry, services) = Setup(Client(server), Template());

        var result = await registry.RunAsync("brief", new Topic("types", 50), services);

        var summary = Assert.IsType<Summary>(result.OutputValue);
        Assert.Equal(("Typed agents ship", 42), (summary.Headline, summary.Words));
        Assert.Equal(["checked at build time", "fast at run time"], summary.Points);
        var step = Assert.Single(result.Steps);
        Assert.Equal(new TokenUsage(1200, 300), step.Usage);
        Assert.Equal((1200 * 0.15m + 300 * 0.60m) / 1_000_000m, step.Cost);
        Assert.Equal(1, step.Attempts);

        var body = Assert.Single(server.Requests).Json;
        Assert.Equal("gpt-4o-mini", body.GetProperty("model").GetString());
        Assert.False(body.TryGetProperty("max_completion_tokens", out _), body.ToString());
        Assert.False(body.TryGetProperty("max_tokens", out _), body.ToString());
        Assert.Equal(["system", "user"], body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(Instructions, body.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal("{\n  \"name\": \"types\",\n  \"words\": 50\n}", body.GetProperty("messages")[1].GetProperty("content").GetString());

        var format = body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        var jsonSchema = format.GetProperty("json_schema");
        Assert.Equal("Summary", jsonSchema.GetProperty("name").GetString());
        Assert.True(jsonSchema.GetProperty("strict").GetBoolean());
        var schema = jsonSchema.GetProperty("schema");
        Assert.Equal(JsonValueKind.String, schema.GetProperty("type").ValueKind);
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["headline", "points", "words"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        var properties = schema.GetProperty("properties");
        Assert.Equal("integer", properties.GetProperty("words").GetProperty("type").GetString());
        Assert.False(properties.GetProperty("words").TryGetProperty("pattern", out _));
        Assert.Equal("string", properties.GetProperty("headline").GetProperty("type").GetString());
        Assert.Equal("array", properties.GetProperty("points").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("points").GetProperty("items").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Malformed_json_is_asked_for_again_in_a_valid_conversation_and_every_attempt_is_counted_and_logged()
    {
        using var server = new ReplayServer(RecordedResponse.File("summary-malformed.json"), RecordedResponse.File("summary-dated-model.json"));
        var (registry, services) = Setup(Client(server), Template());
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orchestration-replay-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var store = new FileRunStore(root);
            var result = await registry.RunAsync("brief", new Topic("types", 50), services, new WorkflowRunOptions { Store = store });

            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
            var step = Assert.Single(result.Steps);
            Assert.Equal(2, step.Attempts);
            Assert.Equal(new TokenUsage(2400, 340), step.Usage);
            Assert.Equal(
                [(1, "prompt"), (1, "reply"), (1, "error"), (2, "prompt"), (2, "reply")],
                step.Log.Select(e => (e.Attempt, e.Kind)));
            Assert.StartsWith("the reply could not be used: it is not valid JSON for Summary", step.Log[2].Text);

            Assert.Equal(2, server.Requests.Count);
            var messages = server.Requests[1].Json.GetProperty("messages").EnumerateArray().ToArray();
            Assert.Equal(["system", "user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
            Assert.StartsWith("Sure! Here is the summary", messages[2].GetProperty("content").GetString());
            Assert.StartsWith("Your reply could not be used: it is not valid JSON for Summary", messages[3].GetProperty("content").GetString());
            AssertEveryToolCallAnswered(server.Requests);
        }
        finally
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_tool_call_the_client_does_not_invoke_fails_the_step_at_once_with_the_fix()
    {
        using var server = new ReplayServer(RecordedResponse.File("tool-call.json"), RecordedResponse.File("summary-dated-model.json"));
        var (registry, services) = Setup(Client(server), Template("word_count"));

        var result = await registry.RunAsync("brief", new Topic("types", 50), services);

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.IsType<ChatAgentException>(result.FailedStep!.Exception);
        Assert.Contains("the model called tool 'word_count' but the chat client did not invoke it", result.FailedStep.Error);
        Assert.Contains("UseFunctionInvocation()", result.FailedStep.Error);
        var request = Assert.Single(server.Requests);
        Assert.Equal("word_count", request.Json.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(1, server.Remaining);
    }

    [Fact]
    public async Task A_client_with_function_invocation_answers_the_tool_call_with_its_result()
    {
        using var server = new ReplayServer(RecordedResponse.File("tool-call.json"), RecordedResponse.File("summary-dated-model.json"));
        var (registry, services) = Setup(Client(server, invokeFunctions: true), Template("word_count"));

        var result = await registry.RunAsync("brief", new Topic("types", 50), services);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(2, server.Requests.Count);
        var messages = server.Requests[1].Json.GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(["system", "user", "assistant", "tool"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("call_Qm1tLk8vR2nX5sP0aB7cD9eF", messages[3].GetProperty("tool_call_id").GetString());
        Assert.Equal("1", messages[3].GetProperty("content").GetString());
        AssertEveryToolCallAnswered(server.Requests);
        Assert.Equal(new TokenUsage(2450, 318), result.Steps[0].Usage);
    }

    [Fact]
    public async Task A_rate_limit_is_retried_after_the_wait_the_provider_asked_for_and_the_attempt_is_kept()
    {
        using var server = new ReplayServer(
            RecordedResponse.File("rate-limited.json", 429, ("Retry-After", "1"), ("x-ratelimit-remaining-requests", "0")),
            RecordedResponse.File("summary-dated-model.json"));
        var (registry, services) = Setup(Client(server), Template());
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orchestration-replay-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var store = new FileRunStore(root);
            var result = await registry.RunAsync("brief", new Topic("types", 50), services, new WorkflowRunOptions { Store = store });

            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
            Assert.Equal(2, server.Requests.Count);
            var waited = server.Requests[1].ReceivedAt - server.Requests[0].ReceivedAt;
            Assert.True(waited >= TimeSpan.FromMilliseconds(900), $"retried after {waited.TotalMilliseconds} ms; Retry-After asked for 1 s (the configured delay is 10 ms)");
            var step = result.Steps[0];
            Assert.Equal(2, step.Attempts);
            var error = step.Log.Single(e => e.Kind == "error");
            Assert.Equal(1, error.Attempt);
            Assert.Contains("429", error.Text);
            Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
        }
        finally
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_rate_limit_asking_for_more_than_the_longest_wait_and_a_bad_request_are_not_retried()
    {
        using var server = new ReplayServer(
            RecordedResponse.File("rate-limited.json", 429, ("Retry-After", "120")),
            RecordedResponse.File("bad-request.json", 400));
        var (registry, services) = Setup(Client(server), Template());

        var limited = await registry.RunAsync("brief", new Topic("types", 50), services);
        var refused = await registry.RunAsync("brief", new Topic("types", 50), services);

        Assert.Equal(2, server.Requests.Count);
        Assert.IsType<ClientResultException>(limited.FailedStep!.Exception);
        Assert.Contains("429", limited.FailedStep.Error);
        Assert.Equal(1, limited.FailedStep.Attempts);
        Assert.Contains("additionalProperties", refused.FailedStep!.Error);
        Assert.Equal(1, refused.FailedStep.Attempts);
    }

    [Fact]
    public async Task The_agent_span_names_the_provider_and_models_and_token_usage_is_not_recorded_twice_under_one_name()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is OrchestrationTelemetry.SourceName or "Tests.GenAI",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var tokenInstruments = new ConcurrentBag<(string Meter, string Instrument)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name is OrchestrationTelemetry.MeterName or "Tests.GenAI")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, _, _, _) => tokenInstruments.Add((instrument.Meter.Name, instrument.Name)));
        meters.SetMeasurementEventCallback<int>((instrument, _, _, _) => tokenInstruments.Add((instrument.Meter.Name, instrument.Name)));
        meters.Start();

        using var server = new ReplayServer(RecordedResponse.File("summary-dated-model.json"));
        var (registry, services) = Setup(Client(server, telemetry: true), Template());
        var result = await registry.RunAsync("brief", new Topic("types", 50), services);
        meters.RecordObservableInstruments();

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var agent = spans.Single(s => s.DisplayName == "invoke_agent summarizer" && s.Parent?.GetTagItem("orchestration.run.id") as string == result.RunId);
        Assert.Equal("openai", agent.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("gpt-4o-mini", agent.GetTagItem("gen_ai.request.model"));
        Assert.Equal("gpt-4o-mini-2024-07-18", agent.GetTagItem("gen_ai.response.model"));
        Assert.Equal(1200L, agent.GetTagItem("gen_ai.usage.input_tokens"));
        var chat = spans.Single(s => s.Source.Name == "Tests.GenAI" && s.ParentSpanId == agent.SpanId);
        Assert.StartsWith("chat", chat.DisplayName);

        var byName = tokenInstruments.Distinct().ToLookup(i => i.Instrument, i => i.Meter);
        Assert.Equal(["Tests.GenAI"], byName["gen_ai.client.token.usage"]);
        Assert.Equal([OrchestrationTelemetry.MeterName], byName[OrchestrationTelemetry.TokenUsageInstrument]);
    }

    /// <summary>No request may carry an assistant tool call that is not followed by its results before anything else.</summary>
    private static void AssertEveryToolCallAnswered(IReadOnlyList<ReceivedRequest> requests)
    {
        foreach (var request in requests)
        {
            var messages = request.Json.GetProperty("messages").EnumerateArray().ToArray();
            for (var i = 0; i < messages.Length; i++)
            {
                if (!messages[i].TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                var ids = calls.EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToHashSet();
                var j = i + 1;
                for (; j < messages.Length && messages[j].GetProperty("role").GetString() == "tool"; j++)
                {
                    ids.Remove(messages[j].GetProperty("tool_call_id").GetString());
                }

                Assert.True(ids.Count == 0, $"tool calls {string.Join(", ", ids)} are not answered before message {j}: {request.Body}");
            }
        }
    }
}
