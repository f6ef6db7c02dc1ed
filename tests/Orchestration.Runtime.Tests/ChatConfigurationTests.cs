using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestration.Records;
using Orchestration.Testing;
using Polly;
using Polly.Retry;

namespace Orchestration.Runtime.Tests;

/// <summary>Chat agents in a .NET application: options, configuration, prices, logging and a replaceable resilience pipeline.</summary>
public sealed class ChatConfigurationTests
{
    public sealed record Topic(string Name);

    public sealed record Note(string Text);

    private sealed class Writer(IChatClient chat) : ChatAgent<Topic, Note>(chat);

    private static OrchestrationRegistry Registry(RetryPolicy? retry = null)
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(new AgentTemplate<Topic, Note>(
            "writer", "Writer", typeof(Writer), sp => new Writer(sp.GetRequiredService<IChatClient>()), ModelTier.Cheap, retry: retry));
        registry.Workflows.Register(new WorkflowDefinition("notes", "sequential", [WorkflowStep.Agent("writer")]));
        return registry;
    }

    [Theory]
    [InlineData("gpt-4o-mini", null, "mini")]
    [InlineData("gpt-4o-mini", "gpt-4o-mini-2024-07-18", "mini")]
    [InlineData(null, "gpt-4o-mini-2024-07-18", "mini")]
    [InlineData(null, "openai/gpt-4o-mini", "mini")]
    [InlineData("deployment-7", "gpt-4o-2024-08-06", "4o")]
    [InlineData(null, "GPT-4O", "4o")]
    [InlineData(null, "claude-3-5-sonnet-20240620", "sonnet")]
    [InlineData(null, "claude-3-5-sonnet@20240620", "sonnet")]
    [InlineData(null, "gpt-4-0613", "gpt4")]
    [InlineData(null, "gpt-4o-mini-audio", null)]
    [InlineData("unknown", "also-unknown", null)]
    public void A_price_is_found_for_dated_and_prefixed_model_ids_and_never_by_prefix_alone(string? requested, string? response, string? expected)
    {
        var prices = new Dictionary<string, ModelPrice>
        {
            ["mini"] = new(0.15m, 0.60m),
            ["4o"] = new(2.50m, 10m),
            ["sonnet"] = new(3m, 15m),
            ["gpt4"] = new(30m, 60m),
        };
        var options = new ChatModelOptions();
        options.Prices["gpt-4o-mini"] = prices["mini"];
        options.Prices["gpt-4o"] = prices["4o"];
        options.Prices["anthropic/claude-3-5-sonnet"] = prices["sonnet"];
        options.Prices["gpt-4"] = prices["gpt4"];

        Assert.Same(expected is null ? null : prices[expected], options.PriceOf(requested, response));
    }

    [Fact]
    public void The_requested_model_is_priced_first()
    {
        var options = new ChatModelOptions();
        options.Prices["gpt-4o"] = new ModelPrice(2.5m, 10m);
        options.Prices["gpt-4o-2024-05-13"] = new ModelPrice(5m, 15m);

        Assert.Equal(2.5m, options.PriceOf("gpt-4o", "gpt-4o-2024-05-13")!.InputPerMillionTokens);
        Assert.Equal(5m, options.PriceOf(null, "gpt-4o-2024-05-13")!.InputPerMillionTokens);
    }

    [Fact]
    public async Task Options_bound_from_configuration_choose_the_model_limit_price_timeout_and_retries_of_a_template()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestration:Chat:Models:Cheap"] = "gpt-4o-mini",
            ["Orchestration:Chat:Prices:gpt-4o:InputPerMillionTokens"] = "2.5",
            ["Orchestration:Chat:Prices:gpt-4o:OutputPerMillionTokens"] = "10",
            ["Orchestration:Chat:MaxOutputTokens"] = "500",
            ["Orchestration:Templates:writer:Model"] = "gpt-4o",
            ["Orchestration:Templates:writer:MaxOutputTokens"] = "800",
            ["Orchestration:Templates:writer:MaxAttempts"] = "2",
            ["Orchestration:Templates:writer:RetryBackoffMs"] = "1",
            ["Orchestration:Templates:writer:TimeoutSeconds"] = "30",
        }).Build();
        var chat = new ScriptedChatClient(
            ScriptedReply.Throws(new InvalidOperationException("not transient: the engine's retry takes it")),
            new ScriptedReply("""{"text":"configured"}""", InputTokens: 1_000_000, OutputTokens: 0, ModelId: "gpt-4o-2024-08-06"));
        await using var services = new ServiceCollection()
            .AddSingleton<IChatClient>(chat)
            .Configure<ChatModelOptions>(configuration.GetSection("Orchestration:Chat"))
            .Configure<OrchestrationOptions>(configuration.GetSection("Orchestration"))
            .BuildServiceProvider();

        var result = await Registry().RunAsync("notes", new Topic("t"), services);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.All(chat.Requests, r => Assert.Equal(("gpt-4o", 800), (r.Options!.ModelId, r.Options.MaxOutputTokens)));
        Assert.Equal(2, result.Steps[0].Attempts);
        Assert.Equal(2.5m, result.Cost);
    }

    [Fact]
    public async Task A_timeout_from_configuration_applies_to_the_step()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Template<string, string>("slow", async (input, _, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return input;
        }));
        registry.Workflows.Register(new WorkflowDefinition("slow_flow", "sequential", [WorkflowStep.Agent("slow")]));
        await using var services = new ServiceCollection()
            .AddOrchestrationOptions(o => o.Templates["slow"] = new TemplateOptions { TimeoutSeconds = 1 })
            .BuildServiceProvider();

        var result = await registry.RunAsync("slow_flow", "x", services);

        Assert.Equal(WorkflowStatus.TimedOut, result.Status);
        Assert.StartsWith("agent 'slow' did not finish within its timeout of 1 s", result.FailedStep!.Error);
    }

    [Fact]
    public async Task Runs_started_without_options_are_recorded_in_the_store_set_once()
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orchestration-options-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var store = new FileRunStore(root);
            await using var services = new ServiceCollection()
                .AddSingleton<IChatClient>(new ScriptedChatClient(new ScriptedReply("""{"text":"kept"}""")))
                .AddOrchestrationOptions(o => o.UseStore(store))
                .BuildServiceProvider();

            var result = await Registry().RunAsync("notes", new Topic("t"), services);

            Assert.True(result.Succeeded);
            Assert.Equal("completed", store.Load(result.RunId).Status);
        }
        finally
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_pipeline_registered_under_the_chat_key_replaces_the_default()
    {
        var chat = new ScriptedChatClient(
            ScriptedReply.Throws(new InvalidOperationException("the default would not retry this")),
            new ScriptedReply("""{"text":"second call"}"""));
        var retried = 0;
        await using var services = new ServiceCollection()
            .AddSingleton<IChatClient>(chat)
            .AddResiliencePipeline<string, ChatResponse>(ChatResilience.PipelineKey, builder => builder.AddRetry(new RetryStrategyOptions<ChatResponse>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is InvalidOperationException),
                MaxRetryAttempts = 1,
                Delay = TimeSpan.Zero,
                OnRetry = _ =>
                {
                    retried++;
                    return default;
                },
            }))
            .BuildServiceProvider();

        var result = await Registry().RunAsync("notes", new Topic("t"), services);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(1, retried);
        Assert.Equal(2, result.Steps[0].Attempts);
    }

    [Fact]
    public void Transient_failures_are_told_apart_from_the_rest()
    {
        Assert.True(ChatResilience.IsTransient(new System.Net.Http.HttpRequestException("reset")));
        Assert.True(ChatResilience.IsTransient(new System.Net.Http.HttpRequestException("busy", null, System.Net.HttpStatusCode.TooManyRequests)));
        Assert.True(ChatResilience.IsTransient(new System.Net.Http.HttpRequestException("down", null, System.Net.HttpStatusCode.ServiceUnavailable)));
        Assert.False(ChatResilience.IsTransient(new System.Net.Http.HttpRequestException("no", null, System.Net.HttpStatusCode.Unauthorized)));
        Assert.True(ChatResilience.IsTransient(new TaskCanceledException("http timeout", new TimeoutException())));
        Assert.False(ChatResilience.IsTransient(new OperationCanceledException()));
        Assert.False(ChatResilience.IsTransient(new ChatAgentException("bad output")));
    }

    [Fact]
    public async Task Retries_and_failures_are_logged_through_the_application_s_logger()
    {
        var logs = new ConcurrentQueue<(int Id, LogLevel Level, string Message)>();
        var chat = new ScriptedChatClient(new ScriptedReply("not json"), new ScriptedReply("still not"), new ScriptedReply("never"));
        await using var services = new ServiceCollection()
            .AddSingleton<IChatClient>(chat)
            .AddLogging(b => b.AddProvider(new RecordingLoggerProvider(logs)))
            .BuildServiceProvider();

        var result = await Registry().RunAsync("notes", new Topic("t"), services);

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal(3, result.FailedStep!.Attempts);
        Assert.Equal([2, 2, 3, 1], logs.Select(l => l.Id));
        Assert.StartsWith(
            $"Run {result.RunId}, step 1 'writer': attempt 1 failed, trying again: the reply could not be used: it is not valid JSON for Note ",
            logs.First().Message);
        Assert.StartsWith($"Run {result.RunId} of workflow 'notes' ended failed: step 1 'writer': ChatAgentException: Agent 'writer' got no valid Note", logs.Last().Message);
        Assert.Equal(LogLevel.Error, logs.Last().Level);
    }

    private sealed class RecordingLoggerProvider(ConcurrentQueue<(int, LogLevel, string)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(logs);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(int, LogLevel, string)> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}
