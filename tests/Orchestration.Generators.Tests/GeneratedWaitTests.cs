using System;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace Orchestration.Generators.Tests;

/// <summary>Generated runners with waits for input requests and delays: they compile, stop, are answered and continue.</summary>
public sealed class GeneratedWaitTests
{
    private const string Newsroom = GeneratorHarness.Usings + "using Orchestration.Records;\n" + """
        namespace Newsroom;

        public sealed record Draft(string Title, string Body);
        public sealed record Decision(bool Approved, string Note);
        public sealed record Published(string Text);

        [AgentTemplate("drafter")]
        public sealed class Drafter : IAgent<string, Draft>
        {
            public ValueTask<Draft> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) =>
                ValueTask.FromResult(new Draft(input, "all about " + input));
        }

        [InputRequest("editor_approval", Description = "Approve or reject the draft", DeadlineSeconds = 86400)]
        public sealed class EditorApproval : InputRequest<Draft, Decision>
        {
            public override string? Validate(Draft request, Decision response) =>
                response.Note.Length == 0 ? "a decision needs a note" : null;
        }

        [InputRequest("quick_approval", DeadlineSeconds = 1)]
        public sealed class QuickApproval : InputRequest<Draft, Decision>
        {
            public override bool TryRespondAtDeadline(Draft request, out Decision response)
            {
                response = new Decision(true, "nobody objected");
                return true;
            }
        }

        [AgentTemplate("publisher")]
        public sealed class Publisher : IAgent<Answered<Draft, Decision>, Published>
        {
            public ValueTask<Published> RunAsync(Answered<Draft, Decision> input, AgentContext context, CancellationToken cancellationToken) =>
                ValueTask.FromResult(new Published(
                    $"{input.Request.Title} ({input.Request.Body}): {(input.Response.Approved ? "approved" : "rejected")}, {input.Response.Note}" +
                    (input.AtDeadline ? " [at deadline]" : string.Empty)));
        }

        [AgentTemplate("proofreader")]
        public sealed class Proofreader : IAgent<Draft, Published>
        {
            public ValueTask<Published> RunAsync(Draft input, AgentContext context, CancellationToken cancellationToken) =>
                ValueTask.FromResult(new Published(input.Title.ToUpperInvariant()));
        }

        [AgentTemplate("polisher")]
        public sealed class Polisher : IAgent<Draft, Draft>
        {
            public ValueTask<Draft> RunAsync(Draft input, AgentContext context, CancellationToken cancellationToken) =>
                ValueTask.FromResult(input with { Body = input.Body + "." });
        }

        // Ten steps: longer than SequentialChain takes, so the chain gets a generated runner body that holds the wait.
        [Workflow("long_publishing")]
        [Step("drafter")]
        [Step("polisher"), Step("polisher"), Step("polisher"), Step("polisher"), Step("polisher"), Step("polisher"), Step("polisher")]
        [Step(Await = "editor_approval")]
        [Step("publisher")]
        public static partial class LongPublishing
        {
            public static async Task<string> Respond(string root)
            {
                using var store = new FileRunStore(root);
                var options = new WorkflowRunOptions { RunId = "long", Store = store };
                var waiting = await RunAsync("rain", options: options);
                var answered = await RespondAsync("long", new Decision(true, "ship it"), null, options);
                return $"{waiting.Status} step {waiting.Wait!.Index} | {answered.Status} {answered.Output.Text} | {System.Linq.Enumerable.Count(answered.Steps, s => s.Restored)} restored";
            }
        }

        [Workflow("publishing")]
        [Step("drafter")]
        [Step(Await = "editor_approval")]
        [Step("publisher")]
        public static partial class Publishing
        {
            public static async Task<string> Respond(string root)
            {
                using var store = new FileRunStore(root);
                var options = new WorkflowRunOptions { RunId = "story", Store = store };
                var waiting = await RunAsync("rain", options: options);
                var wait = waiting.Wait!;
                var answered = await RespondAsync("story", new Decision(true, "ship it"), null, options);
                var request = System.Text.Json.Nodes.JsonNode.Parse(wait.Request!)!.ToJsonString();
                return $"{waiting.Status} {wait.Kind} {wait.StepId} step {wait.Index} {request} {wait.ResponseType} '{wait.Description}' " +
                    $"deadline in {Math.Round((wait.DueAt!.Value - wait.Since).TotalHours)} h | {answered.Status} {answered.Output.Text} | {store.Load("story").Status}";
            }

            public static async Task<string> Refuse(string root)
            {
                using var store = new FileRunStore(root);
                var options = new WorkflowRunOptions { RunId = "story", Store = store };
                await RunAsync("rain", options: options);
                var refusal = "none";
                try
                {
                    await RespondAsync("story", new Decision(false, ""), null, options);
                }
                catch (ArgumentException ex)
                {
                    refusal = ex.Message;
                }

                var after = store.Load("story");
                var answered = await RespondAsync("story", new Decision(false, "too gloomy"), null, options);
                return $"{refusal} | {after.Status} {after.Wait!.StepId} | {answered.Status} {answered.Output.Text}";
            }

            public static async Task<string> WrongType(string root)
            {
                using var store = new FileRunStore(root);
                var options = new WorkflowRunOptions { RunId = "story", Store = store };
                await RunAsync("rain", options: options);
                var before = System.Text.Json.JsonSerializer.Serialize(store.Load("story"));
                var refusal = "none";
                try
                {
                    await WorkflowRun.RespondAsync(Definition, "story", "yes", null, options);
                }
                catch (ArgumentException ex)
                {
                    refusal = ex.Message;
                }

                var unchanged = System.Text.Json.JsonSerializer.Serialize(store.Load("story")) == before;
                var answered = await RespondAsync("story", new Decision(true, "fine"), null, options);
                return $"{refusal} | unchanged={unchanged} | {answered.Status}";
            }
        }

        [Workflow("quick_publishing")]
        [Step("drafter")]
        [Step(Await = "quick_approval")]
        [Step("publisher")]
        public static partial class QuickPublishing
        {
            public static async Task<string> Deadline(string root)
            {
                using var store = new FileRunStore(root);
                var options = new WorkflowRunOptions { RunId = "quick", Store = store };
                var waiting = await RunAsync("snow", options: options);
                await Task.Delay(waiting.Wait!.DueAt!.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
                var resumed = await WorkflowRun.ResumeAsync(Definition, "quick", null, options);
                return $"{waiting.Status} | {resumed.Status} {resumed.Output.Text}";
            }
        }

        [Workflow("approval")]
        [Step(Await = "editor_approval")]
        public static partial class Approval;

        [Workflow("reviewed_publishing", Strategy = "nested_sequential")]
        [Step("drafter")]
        [Step(Workflow = "approval")]
        [Step("publisher")]
        public static partial class ReviewedPublishing
        {
            public static async Task<string> Nested(string root)
            {
                using var store = new FileRunStore(root);
                var options = new WorkflowRunOptions { RunId = "reviewed", Store = store };
                var waiting = await RunAsync("fog", options: options);
                var answered = await RespondAsync("reviewed", new Decision(true, "good"), null, options);
                return $"{waiting.Status} {waiting.Wait!.Path} step {waiting.Wait.Index} | {answered.Status} {answered.Output.Text}";
            }
        }

        [Workflow("cooling_off")]
        [Step("drafter")]
        [Step(DelaySeconds = 1)]
        [Step("proofreader")]
        public static partial class CoolingOff
        {
            public static async Task<string> InMemory()
            {
                var started = DateTimeOffset.UtcNow;
                var result = await RunAsync("hail");
                var waited = DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9);
                return $"{result.Status} {result.Output.Text} {result.Steps[1].Kind} {result.Steps[1].StepId} waited={waited}";
            }

            public static async Task<string> Recorded(string root)
            {
                using var store = new FileRunStore(root);
                var options = new WorkflowRunOptions { RunId = "cool", Store = store };
                var started = DateTimeOffset.UtcNow;
                var waiting = await RunAsync("hail", options: options);
                var due = waiting.Wait!.DueAt!.Value;
                var inASecond = due >= started.AddSeconds(1) && due <= DateTimeOffset.UtcNow.AddSeconds(1);
                await Task.Delay(due - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
                var resumed = await ResumeAsync("cool", null, options);
                return $"{waiting.Status} {waiting.Wait.Kind} due in a second={inASecond} | {resumed.Status} {resumed.Output.Text}";
            }
        }

        // Eleven steps: longer than SequentialChain takes, so the generated runner body holds both kinds of delay.
        [Workflow("long_cooling_off")]
        [Step("drafter")]
        [Step("polisher"), Step("polisher"), Step("polisher"), Step("polisher"), Step("polisher"), Step("polisher"), Step("polisher")]
        [Step(DelaySeconds = 1)]
        [Step(Until = nameof(AlreadyDue))]
        [Step("proofreader")]
        public static partial class LongCoolingOff
        {
            private static DateTimeOffset AlreadyDue(Draft draft) => DateTimeOffset.UtcNow.AddDays(-1);

            public static async Task<string> InMemory()
            {
                var started = DateTimeOffset.UtcNow;
                var result = await RunAsync("hail");
                var waited = DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9);
                return $"{result.Status} {result.Output.Text} {result.Steps[8].Kind} {result.Steps[9].Kind} {result.Steps.Count} waited={waited}";
            }
        }

        [Workflow("scheduled")]
        [Step("drafter")]
        [Step(Until = nameof(PublishAt))]
        [Step("proofreader")]
        public static partial class Scheduled
        {
            public static int Calls;

            private static DateTimeOffset PublishAt(Draft draft)
            {
                Calls++;
                return new DateTimeOffset(2100, 1, 1, 9, 0, 0, TimeSpan.Zero);
            }

            public static async Task<string> Until(string root)
            {
                using var store = new FileRunStore(root);
                var options = new WorkflowRunOptions { RunId = "scheduled", Store = store };
                var waiting = await RunAsync("sun", options: options);
                return $"{waiting.Status} {waiting.Wait!.Kind} {waiting.Wait.DueAt:O} recorded {store.Load("scheduled").Wait!.DueAt:O} calls={Calls}";
            }
        }
        """;

    private static readonly Lazy<GeneratorOutcome> Outcome = new(() => GeneratorHarness.RunClean(Newsroom));

    private static readonly Lazy<Assembly> Assembly = new(() => GeneratorHarness.Load(Outcome.Value.Compilation));

    [Fact]
    public void Workflows_with_waits_and_delays_compile_without_warnings()
    {
        var outcome = GeneratorHarness.RunClean(Newsroom);

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Contains("Newsroom.Publishing.g.cs", outcome.HintNames);
        Assert.Contains("Newsroom.Scheduled.g.cs", outcome.HintNames);
    }

    [Fact]
    public async Task A_run_waits_at_the_request_and_the_generated_RespondAsync_continues_it_with_request_and_response()
    {
        var summary = await GeneratorHarness.ProbeWithStore(Assembly.Value, "Newsroom.Publishing", "Respond");

        Assert.Equal(
            "Waiting input editor_approval step 2 {\"title\":\"rain\",\"body\":\"all about rain\"} Newsroom.Decision 'Approve or reject the draft' deadline in 24 h | " +
            "Completed rain (all about rain): approved, ship it | completed",
            summary);
    }

    [Fact]
    public async Task A_chain_longer_than_SequentialChain_takes_waits_in_its_generated_body_and_continues_when_answered()
    {
        var summary = await GeneratorHarness.ProbeWithStore(Assembly.Value, "Newsroom.LongPublishing", "Respond");

        // Restored on the continuation: the drafter, the seven polishers and the answered wait; the publisher runs.
        Assert.Equal("Waiting step 9 | Completed rain (all about rain.......): approved, ship it | 9 restored", summary);
        Assert.Contains("private static async global::System.Threading.Tasks.ValueTask<global::Orchestration.WorkflowResult<global::Newsroom.Published>> ExecuteAsync(", Outcome.Value.Generated("Newsroom.LongPublishing.g.cs"));
        Assert.Contains("run.AwaitResponseAsync(9, ", Outcome.Value.Generated("Newsroom.LongPublishing.g.cs"));
    }

    [Fact]
    public async Task A_response_the_request_class_refuses_throws_and_the_run_keeps_waiting()
    {
        var summary = await GeneratorHarness.ProbeWithStore(Assembly.Value, "Newsroom.Publishing", "Refuse");

        Assert.Equal(
            "The response to 'editor_approval' in run 'story' was refused: a decision needs a note. | waiting editor_approval | " +
            "Completed rain (all about rain): rejected, too gloomy",
            summary);
    }

    [Fact]
    public void RespondAsync_exists_only_for_the_response_types_the_workflow_waits_for()
    {
        var respond = Assembly.Value.GetType("Newsroom.Publishing")!.GetMethods().Where(m => m.Name == "RespondAsync").ToArray();
        Assert.Equal(["Newsroom.Decision"], respond.Select(m => m.GetParameters()[1].ParameterType.FullName));
        Assert.Equal(["runId", "response", "services", "options", "cancellationToken"], respond[0].GetParameters().Select(p => p.Name));
        Assert.DoesNotContain(Assembly.Value.GetType("Newsroom.CoolingOff")!.GetMethods(), m => m.Name == "RespondAsync");

        var wrong = GeneratorHarness.Run(GeneratorHarness.Compile(Newsroom + """

            public static class WrongAnswer
            {
                public static object Answer(WorkflowRunOptions options) => Publishing.RespondAsync("story", "yes", null, options);
            }
            """));

        var error = Assert.Single(wrong.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal("CS1503", error.Id);
        Assert.Contains("'string' to 'Newsroom.Decision'", error.GetMessage());
    }

    [Fact]
    public async Task The_dynamic_RespondAsync_refuses_a_response_of_the_wrong_type_and_changes_nothing()
    {
        var summary = await GeneratorHarness.ProbeWithStore(Assembly.Value, "Newsroom.Publishing", "WrongType");

        Assert.Equal(
            "Run 'story' waits for a response to 'editor_approval' of type Newsroom.Decision, not System.String. | unchanged=True | Completed",
            summary);
    }

    [Fact]
    public async Task A_passed_deadline_continues_with_the_response_the_request_class_gives_at_the_deadline()
    {
        var summary = await GeneratorHarness.ProbeWithStore(Assembly.Value, "Newsroom.QuickPublishing", "Deadline");

        Assert.Equal("Waiting | Completed snow (all about snow): approved, nobody objected [at deadline]", summary);
    }

    [Fact]
    public async Task A_wait_in_a_nested_workflow_stops_the_outer_run_which_gets_RespondAsync()
    {
        var summary = await GeneratorHarness.ProbeWithStore(Assembly.Value, "Newsroom.ReviewedPublishing", "Nested");

        Assert.Equal("Waiting reviewed_publishing/approval step 1 | Completed fog (all about fog): approved, good", summary);
        Assert.Contains(
            "public static global::System.Threading.Tasks.ValueTask<global::Orchestration.WorkflowResult<global::Newsroom.Published>> RespondAsync(string runId, global::Newsroom.Decision response,",
            GeneratorHarness.Flat(Outcome.Value.Generated("Newsroom.ReviewedPublishing.g.cs")));
    }

    [Fact]
    public async Task A_delay_without_a_store_waits_in_memory()
    {
        var inMemory = Assembly.Value.GetType("Newsroom.CoolingOff")!.GetMethod("InMemory")!;

        Assert.Equal("Completed HAIL Timer delay waited=True", await (Task<string>)inMemory.Invoke(null, null)!);
    }

    [Fact]
    public async Task A_chain_longer_than_SequentialChain_takes_runs_its_delays_in_its_generated_body()
    {
        var inMemory = Assembly.Value.GetType("Newsroom.LongCoolingOff")!.GetMethod("InMemory")!;

        Assert.Equal("Completed HAIL Timer Timer 11 waited=True", await (Task<string>)inMemory.Invoke(null, null)!);
        Assert.Contains("run.DelayAsync(9, global::System.TimeSpan.FromSeconds(1), step8.Output!, cancellationToken)", Outcome.Value.Generated("Newsroom.LongCoolingOff.g.cs"));
        Assert.Contains("run.DelayUntilAsync(10, step9.Output!, static input => AlreadyDue(input), cancellationToken)", Outcome.Value.Generated("Newsroom.LongCoolingOff.g.cs"));
    }

    [Fact]
    public async Task A_delay_with_a_store_records_its_due_time_and_continues_when_due()
    {
        var summary = await GeneratorHarness.ProbeWithStore(Assembly.Value, "Newsroom.CoolingOff", "Recorded");

        Assert.Equal("Waiting timer due in a second=True | Completed HAIL", summary);
    }

    [Fact]
    public async Task An_until_method_is_called_once_and_its_time_recorded()
    {
        var summary = await GeneratorHarness.ProbeWithStore(Assembly.Value, "Newsroom.Scheduled", "Until");

        Assert.Equal("Waiting timer 2100-01-01T09:00:00.0000000+00:00 recorded 2100-01-01T09:00:00.0000000+00:00 calls=1", summary);
    }

    [Fact]
    public void Waits_and_delays_are_distinct_nodes_of_the_diagram()
    {
        var diagram = (string)Assembly.Value.GetType("Newsroom.Publishing")!.GetField("Diagram")!.GetRawConstantValue()!;
        var delayed = (string)Assembly.Value.GetType("Newsroom.Scheduled")!.GetField("Diagram")!.GetRawConstantValue()!;

        Assert.Equal(
            "%% workflow publishing (sequential)\n" +
            "flowchart LR\n" +
            "    input([\"string\"])\n" +
            "    s1[\"1. drafter\"]\n" +
            "    s2{{\"2. await editor_approval\"}}\n" +
            "    s3[\"3. publisher\"]\n" +
            "    output([\"Published\"])\n" +
            "    input --> s1\n" +
            "    s1 -->|\"Draft\"| s2\n" +
            "    s2 -->|\"Answered#lt;Draft, Decision#gt;\"| s3\n" +
            "    s3 -->|\"Published\"| output\n",
            diagram);
        Assert.Contains("    s2[/\"2. delay until PublishAt\"/]\n", delayed);
        Assert.Contains("    s2[/\"2. delay 1s\"/]\n", (string)Assembly.Value.GetType("Newsroom.CoolingOff")!.GetField("Diagram")!.GetRawConstantValue()!);
    }
}
