using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Records;
using Orchestration.Strategies;
using Orchestration.Testing;

namespace Orchestration.Runtime.Tests;

public sealed class ChatAgentTests
{
    public sealed record Topic(string Name, int Words);

    public sealed record Summary(string Headline, List<string> Points);

    private sealed class Summarizer(IChatClient chat) : ChatAgent<Topic, Summary>(chat);

    private sealed class Poet(IChatClient chat) : ChatAgent<string, string>(chat)
    {
        protected override string? Instructions => "Answer in verse.";
    }

    private static readonly AgentTemplate<string, Topic> Topics = TestAgents.Sync<string, Topic>("topics", s => new Topic(s, s.Length * 10));

    private static readonly AgentTemplate<Topic, Summary> Summaries = new(
        "summarizer", "Summarizer", typeof(Summarizer), sp => new Summarizer(sp.GetRequiredService<IChatClient>()),
        ModelTier.Capable, defaultInstructions: "Summarize the topic.", resources: new ResourceRequirements(maxTokens: 2_000));

    private static readonly AgentTemplate<Summary, string> Formatter = TestAgents.Sync<Summary, string>("formatter", s => $"{s.Headline}: {string.Join(", ", s.Points)}");

    private static (OrchestrationRegistry Registry, ServiceProvider Services) Setup(ScriptedChatClient chat, Action<ChatModelOptions>? configure = null, IChatClient? capableClient = null)
    {
        var options = new ChatModelOptions();
        options.Models[ModelTier.Capable] = "model-capable";
        options.Prices["model-capable"] = new ModelPrice(inputPerMillionTokens: 2m, outputPerMillionTokens: 10m);
        configure?.Invoke(options);
        var collection = new ServiceCollection().AddSingleton<IChatClient>(chat).AddSingleton(options);
        if (capableClient is not null)
        {
            collection.AddKeyedSingleton(ModelTier.Capable, capableClient);
        }

        var services = collection.BuildServiceProvider();
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(Topics);
        registry.Templates.Register(Summaries);
        registry.Templates.Register(Formatter);
        registry.Workflows.Register(new WorkflowDefinition("brief", "sequential",
            [WorkflowStep.Agent("topics"), WorkflowStep.Agent("summarizer"), WorkflowStep.Agent("formatter")]));
        return (registry, services);
    }

    [Fact]
    public async Task A_workflow_mixing_plain_and_chat_agents_records_prompts_usage_and_cost()
    {
        var chat = new ScriptedChatClient(new ScriptedReply("""{"headline":"Typed agents","points":["checked","fast"]}""", InputTokens: 1_000, OutputTokens: 200));
        var (registry, services) = Setup(chat);

        var result = await registry.RunAsync("brief", "types", services);

        Assert.Equal("Typed agents: checked, fast", result.Output);
        var request = Assert.Single(chat.Requests);
        Assert.Equal("Summarize the topic.", request.Instructions);
        Assert.Equal("{\n  \"name\": \"types\",\n  \"words\": 50\n}", request.Prompt);
        Assert.Equal("model-capable", request.Options!.ModelId);
        Assert.Null(request.Options.MaxOutputTokens); // the template's resource budget is not a per-call limit
        Assert.IsType<ChatResponseFormatJson>(request.Options.ResponseFormat);
        Assert.Contains("\"points\"", ((ChatResponseFormatJson)request.Options.ResponseFormat!).Schema!.Value.GetRawText());

        var step = result.Steps.Single(s => s.StepId == "summarizer");
        Assert.Equal(new TokenUsage(1_000, 200), step.Usage);
        Assert.Equal(0.004m, step.Cost);
        Assert.Equal(new TokenUsage(1_000, 200), result.Usage);
        Assert.Equal(0.004m, result.Cost);
        Assert.Equal(TokenUsage.None, result.Steps[0].Usage);
    }

    [Fact]
    public async Task The_output_schema_is_the_same_on_every_call()
    {
        var chat = new ScriptedChatClient(
            new ScriptedReply("{\"Headline\":\"One\",\"Points\":[]}"),
            new ScriptedReply("{\"Headline\":\"Two\",\"Points\":[]}"));
        var (registry, services) = Setup(chat);

        await registry.RunAsync("brief", "types", services);
        await registry.RunAsync("brief", "tests", services);

        var schemas = chat.Requests.Select(r => ((ChatResponseFormatJson)r.Options!.ResponseFormat!).Schema!.Value.GetRawText()).ToArray();
        Assert.Equal(2, schemas.Length);
        Assert.Equal(schemas[0], schemas[1]);
        Assert.Contains("\"headline\"", schemas[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_context_says_whether_its_log_is_kept()
    {
        var seen = new List<bool>();
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Template<string, string>("note", (input, context, _) =>
        {
            seen.Add(context.IsLogged);
            context.Log("note", input);
            return ValueTask.FromResult(input);
        }));
        registry.Workflows.Register(new WorkflowDefinition("notes", "sequential", [WorkflowStep.Agent("note")]));
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orchestration-islogged-" + Guid.NewGuid().ToString("N"));
        try
        {
            var unlogged = await registry.RunAsync("notes", "a");
            using var store = new FileRunStore(root);
            var logged = await registry.RunAsync("notes", "b", options: new WorkflowRunOptions { Store = store });

            Assert.Equal([false, true], seen);
            Assert.Empty(unlogged.Steps[0].Log);
            Assert.Equal("b", Assert.Single(logged.Steps[0].Log).Text);
        }
        finally
        {
            if (System.IO.Directory.Exists(root))
            {
                System.IO.Directory.Delete(root, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_step_file_keeps_every_composed_prompt_and_raw_reply_and_state_json_stays_small()
    {
        var chat = new ScriptedChatClient(
            new ScriptedReply("Sure! Here is the summary you asked for.", 100, 10),
            new ScriptedReply("{\"Headline\":\"Second try\",\"Points\":[]}", 150, 20));
        var (registry, services) = Setup(chat);
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orchestration-steplog-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var store = new FileRunStore(root))
            {
                var result = await registry.RunAsync("brief", "types", services, new WorkflowRunOptions { RunId = "logged", Store = store });
                var step = result.Steps.Single(s => s.StepId == "summarizer");
                Assert.Equal(
                    [(1, "prompt"), (1, "reply"), (1, "error"), (2, "prompt"), (2, "reply")],
                    step.Log.Select(e => (e.Attempt, e.Kind)));
                Assert.Equal(2, step.Attempts);
                Assert.Equal("Sure! Here is the summary you asked for.", step.Log[1].Text);
                Assert.StartsWith("the reply could not be used: it is not valid JSON for Summary", step.Log[2].Text);
                Assert.StartsWith("[system] Summarize the topic.\n\n[user] ", step.Log[0].Text);
                Assert.EndsWith("Reply again with only a JSON value that matches the requested schema.", step.Log[3].Text);
                Assert.Empty(result.Steps.Single(s => s.StepId == "topics").Log);
            }

            var directory = System.IO.Path.Combine(root, "runs", "logged");
            var stepFile = System.IO.Directory.GetFiles(System.IO.Path.Combine(directory, "steps"), "*summarizer.json").Single();
            using var document = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(stepFile));
            var log = document.RootElement.GetProperty("log").EnumerateArray().ToArray();
            Assert.Equal(["prompt", "reply", "error", "prompt", "reply"], log.Select(e => e.GetProperty("kind").GetString()!));
            Assert.Equal("{\"Headline\":\"Second try\",\"Points\":[]}", log[4].GetProperty("text").GetString());
            Assert.DoesNotContain("\"log\"", System.IO.File.ReadAllText(System.IO.Path.Combine(directory, "state.json")));

            // The store reads the steps back with their logs, in the order they finished.
            using (var store = new FileRunStore(root))
            {
                var steps = store.ReadSteps("logged");
                Assert.Equal(["topics", "summarizer", "formatter"], steps.Select(s => s.StepId));
                Assert.Equal(log.Select(e => e.GetProperty("text").GetString()), steps[1].Log.Select(e => e.Text));
                Assert.Empty(steps[0].Log);
            }
        }
        finally
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Invalid_output_is_retried_with_the_error_and_every_attempt_is_paid_for()
    {
        var chat = new ScriptedChatClient(
            new ScriptedReply("Sure! Here is the summary you asked for.", 100, 10),
            new ScriptedReply("```json\n{\"Headline\":\"Second try\",\"Points\":[]}\n```", 150, 20));
        var (registry, services) = Setup(chat);

        var result = await registry.RunAsync("brief", "types", services);

        Assert.Equal("Second try: ", result.Output);
        Assert.Equal(2, chat.Requests.Count);
        Assert.StartsWith("Your reply could not be used: it is not valid JSON for Summary", chat.Requests[1].Prompt);
        Assert.Contains(chat.Requests[1].Messages, m => m.Role == ChatRole.Assistant && m.Text == "Sure! Here is the summary you asked for.");
        Assert.Equal(new TokenUsage(250, 30), result.Steps.Single(s => s.StepId == "summarizer").Usage);
    }

    [Fact]
    public async Task Output_that_stays_invalid_fails_the_step_with_a_clear_error_after_the_bounded_retries()
    {
        var chat = new ScriptedChatClient(new ScriptedReply("no"), new ScriptedReply("still no"), new ScriptedReply("null"));
        var (registry, services) = Setup(chat);

        var result = await registry.RunAsync("brief", "types", services);

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal("summarizer", result.FailedStep!.StepId);
        Assert.IsType<ChatAgentException>(result.FailedStep.Exception);
        Assert.Equal("ChatAgentException: Agent 'summarizer' got no valid Summary from the model after 3 attempt(s): the reply was JSON null. Last reply: null", result.FailedStep.Error);
        Assert.Equal(3, chat.Requests.Count);
    }

    [Fact]
    public async Task A_reply_missing_a_member_is_rejected_and_asked_for_again()
    {
        var chat = new ScriptedChatClient(
            new ScriptedReply("""{"headline":"no points"}"""),
            new ScriptedReply("""{"headline":"null points","points":null}"""),
            new ScriptedReply("""{"headline":"complete","points":["a"]}"""));
        var (registry, services) = Setup(chat);

        var result = await registry.RunAsync("brief", "types", services);

        Assert.Equal("complete: a", result.Output);
        Assert.Contains("missing required properties", chat.Requests[1].Prompt);
        Assert.Contains("points", chat.Requests[2].Prompt);
    }

    [Fact]
    public async Task A_template_override_and_a_tier_client_route_the_call()
    {
        var unused = new ScriptedChatClient();
        var tierClient = new ScriptedChatClient(new ScriptedReply("""{"Headline":"h","Points":["p"]}"""));
        var (registry, services) = Setup(unused, options => options.TemplateModels["summarizer"] = "special-model", capableClient: tierClient);

        var result = await registry.RunAsync("brief", "types", services);

        Assert.Equal("h: p", result.Output);
        Assert.Empty(unused.Requests);
        Assert.Equal("special-model", Assert.Single(tierClient.Requests).Options!.ModelId);
        Assert.Null(result.Cost);
    }

    [Fact]
    public async Task A_string_output_is_the_reply_text_and_a_model_outage_fails_the_step_after_its_retries()
    {
        var poet = new AgentTemplate<string, string>("poet", "Poet", typeof(Poet), sp => new Poet(sp.GetRequiredService<IChatClient>()));
        var chat = new ScriptedChatClient(new ScriptedReply("Roses are typed"),
            ScriptedReply.Throws(new TimeoutException("model unavailable")), ScriptedReply.Throws(new TimeoutException("model unavailable")));
        var services = new ServiceCollection().AddSingleton<IChatClient>(chat)
            .Configure<ChatModelOptions>(o => (o.Retry.MaxRetryAttempts, o.Retry.Delay) = (1, TimeSpan.FromMilliseconds(1)))
            .BuildServiceProvider();
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(poet);
        registry.Workflows.Register(new WorkflowDefinition("verse", "sequential", [WorkflowStep.Agent("poet")]));

        var first = await registry.RunAsync("verse", "spring", services);
        var second = await registry.RunAsync("verse", "autumn", services);

        Assert.Equal("Roses are typed", first.Output);
        Assert.Equal("Answer in verse.", chat.Requests[0].Instructions);
        Assert.Null(chat.Requests[0].Options!.ResponseFormat);
        Assert.Equal("TimeoutException: model unavailable", second.FailedStep!.Error);
        Assert.Equal(2, second.FailedStep.Attempts);
        Assert.Equal(3, chat.Requests.Count);
    }

    [Fact]
    public async Task A_template_offers_the_registered_tools_it_lists_and_a_missing_one_fails_clearly()
    {
        var poet = new AgentTemplate<string, string>("poet", "Poet", typeof(Poet), sp => new Poet(sp.GetRequiredService<IChatClient>()), tools: ["rhymes"]);
        var chat = new ScriptedChatClient(new ScriptedReply("moon, june"));
        var rhymes = AIFunctionFactory.Create((string word) => word + "s", name: "rhymes");
        var withTool = new ServiceCollection().AddSingleton<IChatClient>(chat).AddSingleton<AITool>(rhymes).AddSingleton<AITool>(AIFunctionFactory.Create(() => 1, name: "other")).BuildServiceProvider();
        var withoutTool = new ServiceCollection().AddSingleton<IChatClient>(chat).BuildServiceProvider();
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(poet);
        registry.Workflows.Register(new WorkflowDefinition("verse", "sequential", [WorkflowStep.Agent("poet")]));

        var offered = await registry.RunAsync("verse", "spring", withTool);
        var missing = await registry.RunAsync("verse", "spring", withoutTool);

        Assert.Equal("moon, june", offered.Output);
        Assert.Same(rhymes, Assert.Single(chat.Requests[0].Options!.Tools!));
        Assert.Equal(
            "ChatAgentException: Template 'poet' lists tool 'rhymes', but no AITool of that name is registered in the services (registered: none). " +
            "Register it, for example services.AddSingleton<AITool>(AIFunctionFactory.Create(method, name: \"rhymes\")).",
            missing.FailedStep!.Error);
    }

    [Fact]
    public async Task Prompt_cached_steps_all_send_the_same_shared_context_first()
    {
        var chat = new ScriptedChatClient(new ScriptedReply("draft"), new ScriptedReply("polished"));
        var services = new ServiceCollection().AddSingleton<IChatClient>(chat).BuildServiceProvider();
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(new AgentTemplate<string, string>("writer", "Writer", typeof(Poet), sp => new Poet(sp.GetRequiredService<IChatClient>())));
        registry.Templates.Register(new AgentTemplate<string, string>("editor", "Editor", typeof(Poet), sp => new Poet(sp.GetRequiredService<IChatClient>())));
        registry.Strategies.Register("house_style", new PromptCachedSequentialStrategy("HOUSE STYLE: short words."), StrategyShape.PromptCachedSequential);
        registry.Workflows.Register(new WorkflowDefinition("copy", "house_style", [WorkflowStep.Agent("writer"), WorkflowStep.Agent("editor")]));

        var result = await registry.RunAsync("copy", "brief", services);

        Assert.Equal("polished", result.Output);
        Assert.All(chat.Requests, r => Assert.Equal("HOUSE STYLE: short words.", r.Messages[0].Text));
        Assert.All(chat.Requests, r => Assert.Equal("Answer in verse.", r.Messages[1].Text));
        Assert.Equal(["brief", "draft"], chat.Requests.Select(r => r.Prompt));
    }

    [Fact]
    public void Tool_enhanced_needs_one_agent_whose_template_lists_tools()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("bare", s => s));

        var ex = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("w", "tool_enhanced", [WorkflowStep.Agent("bare")])));

        Assert.StartsWith("Workflow 'w' uses strategy 'tool_enhanced', but template 'bare' lists no tools", ex.Message);
    }

    [Fact]
    public async Task The_scripted_client_says_when_its_script_runs_out()
    {
        var chat = new ScriptedChatClient();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => chat.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal("ScriptedChatClient has no reply left for request 1; add a ScriptedReply for it. Last message: hi", ex.Message);
    }
}
