using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Records;

namespace Orchestration.Runtime.Tests;

public sealed record Draft(string Text);

public sealed record Decision(bool Approved, string? Note);

/// <summary>Waits for an input request, built by hand as generated code builds them: write → await approval → publish.</summary>
public sealed class WaitTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orchestration-waits-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private sealed class Approval(Decision? atDeadline) : InputRequest<Draft, Decision>
    {
        public override string? Validate(Draft request, Decision response) =>
            !response.Approved && string.IsNullOrWhiteSpace(response.Note) ? "a rejection needs a note saying why" : null;

        public override bool TryRespondAtDeadline(Draft request, out Decision response)
        {
            response = atDeadline!;
            return atDeadline is not null;
        }
    }

    private sealed class Review
    {
        public Dictionary<string, int> Calls { get; } = new() { ["write"] = 0, ["publish"] = 0 };

        public List<Answered<Draft, Decision>> Published { get; } = [];

        public InputRequestDefinition<Draft, Decision> Request { get; private set; } = null!;

        public WorkflowDefinition<string, string> Build(TimeSpan? deadline = null, Decision? atDeadline = null, string strategy = "sequential")
        {
            var write = TestAgents.Sync<string, Draft>("write", s => { Calls["write"]++; return new Draft(s.ToUpperInvariant()); });
            var publish = TestAgents.Sync<Answered<Draft, Decision>, string>("publish", answered =>
            {
                Calls["publish"]++;
                Published.Add(answered);
                return answered.Response.Approved ? "published " + answered.Request.Text : "rejected: " + answered.Response.Note;
            });
            Request = new InputRequestDefinition<Draft, Decision>("editor_approval", _ => new Approval(atDeadline), deadline, "Approve the draft?");
            var request = Request;
            return new WorkflowDefinition<string, string>(
                "review",
                strategy,
                [WorkflowStep.Agent("write"), WorkflowStep.Await(request), WorkflowStep.Agent("publish")],
                async (input, run, token) =>
                {
                    var drafted = await run.RunAgentAsync(1, write, input, token);
                    if (!drafted.Succeeded)
                    {
                        return run.Fail<string>(drafted);
                    }

                    var approved = await run.AwaitResponseAsync(2, request, drafted.Output!, token);
                    if (!approved.Succeeded)
                    {
                        return run.Fail<string>(approved);
                    }

                    var published = await run.RunAgentAsync(3, publish, approved.Output!, token);
                    return published.Succeeded ? run.Complete(published.Output!) : run.Fail<string>(published);
                });
        }
    }

    private string[] Events(FileRunStore store, string runId) =>
        store.ReadEvents(runId).Select(e => e.Kind + (e.StepId is null ? string.Empty : ":" + e.StepId)).ToArray();

    [Fact]
    public async Task A_run_that_reaches_a_wait_records_the_request_releases_its_writer_and_returns_waiting()
    {
        using var store = new FileRunStore(_root);
        var review = new Review();
        var options = new WorkflowRunOptions { RunId = "r1", Store = store };

        var result = await WorkflowRun.RunAsync(review.Build(deadline: TimeSpan.FromHours(1)), "hello", options: options);

        Assert.Equal(WorkflowStatus.Waiting, result.Status);
        Assert.False(result.Succeeded);
        Assert.Empty(result.Errors);
        Assert.Equal(StepStatus.Waiting, result.FailedStep!.Status);
        var wait = result.Wait!;
        Assert.Equal((RunWait.Input, "review", 2, 1, "editor_approval", "Approve the draft?", typeof(Decision).FullName), (wait.Kind, wait.Path, wait.Index, wait.Occurrence, wait.StepId, wait.Description, wait.ResponseType));
        Assert.InRange(wait.DueAt!.Value - wait.Since, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Contains("HELLO", wait.Request);
        var output = Assert.Throws<WorkflowFailedException>(() => result.Output);
        Assert.StartsWith("Workflow 'review' (run r1) is waiting, so it has no output yet: step 2 of 'review' waits for a response to 'editor_approval'", output.Message);

        var record = store.Load("r1");
        Assert.Equal("waiting", record.Status);
        Assert.Equal(wait, record.Wait);
        Assert.Equal([("write", "completed")], record.Steps.Select(s => (s.StepId, s.Status)));
        Assert.False(File.Exists(Path.Combine(store.RunDirectory("r1"), "writer.json")));
        Assert.Equal(["Started", "StepStarted:write", "StepFinished:write", "Waiting:editor_approval"], Events(store, "r1"));

        // The claim is released: any process can take the run now.
        using (store.Claim("r1"))
        {
        }
    }

    [Fact]
    public async Task Responding_records_the_response_and_continues_the_run_without_rerunning_what_completed()
    {
        using var store = new FileRunStore(_root);
        var review = new Review();
        var workflow = review.Build();
        var options = new WorkflowRunOptions { RunId = "r1", Store = store };
        await WorkflowRun.RunAsync(workflow, "hello", options: options);

        var result = await WorkflowRun.RespondAsync(workflow, "r1", new Decision(true, null), services: null, options);

        Assert.Equal(WorkflowStatus.Completed, result.Status);
        Assert.Equal("published HELLO", result.Output);
        Assert.Equal(new Dictionary<string, int> { ["write"] = 1, ["publish"] = 1 }, review.Calls);
        Assert.Equal(new Answered<Draft, Decision>(new Draft("HELLO"), new Decision(true, null)), Assert.Single(review.Published));
        Assert.Equal([true, true, false], result.Steps.Select(s => s.Restored));

        var record = store.Load("r1");
        Assert.Equal("completed", record.Status);
        Assert.Equal("\"published HELLO\"", record.Output);
        Assert.Null(record.Wait);
        var answer = record.Steps.Single(s => s.Kind == "wait");
        Assert.Equal(("review", 2, "editor_approval", "completed", false), (answer.Path, answer.Index, answer.StepId, answer.Status, answer.AtDeadline));
        Assert.Contains("HELLO", answer.Request);
        Assert.Contains("true", answer.Output);
        Assert.Equal(
            ["Started", "StepStarted:write", "StepFinished:write", "Waiting:editor_approval", "Responded:editor_approval", "Resumed", "StepStarted:publish", "StepFinished:publish", "Finished"],
            Events(store, "r1"));
        Assert.Equal("respond", store.ReadEvents("r1").Single(e => e.Kind == RunEventKind.Resumed).Detail);
    }

    [Fact]
    public async Task Responding_and_resuming_without_options_use_the_store_the_application_registered()
    {
        using var store = new FileRunStore(_root);
        var review = new Review();
        var workflow = review.Build();
        await using var services = new ServiceCollection().AddOrchestrationOptions(o => o.UseStore(store)).BuildServiceProvider();
        var waiting = await WorkflowRun.RunAsync(workflow, "hello", services);

        var missing = await Assert.ThrowsAsync<ArgumentException>(async () => await WorkflowRun.RespondAsync(workflow, waiting.RunId, new Decision(true, null), services: null, options: null));
        var answered = await WorkflowRun.RespondAsync(workflow, waiting.RunId, new Decision(true, null), services, options: null);

        Assert.Equal(WorkflowStatus.Waiting, waiting.Status);
        Assert.StartsWith("Resuming or answering a run needs the store the run was recorded in: set WorkflowRunOptions.Store, or register it for the application with services.AddOrchestration(o => o.UseStore(store)) and pass the services.", missing.Message);
        Assert.Equal((WorkflowStatus.Completed, "published HELLO"), (answered.Status, answered.Output));
        Assert.Equal("completed", store.Load(waiting.RunId).Status);

        // A run stopped by a failure resumes the same way.
        var failing = TestAgents.Sync<string, string>("flaky", _ => throw new InvalidOperationException("down"));
        var flaky = new WorkflowDefinition<string, string>(
            "flaky_flow",
            "sequential",
            [WorkflowStep.Agent("flaky")],
            async (input, run, token) =>
            {
                var step = await run.RunAgentAsync(1, failing, input, token);
                return step.Succeeded ? run.Complete(step.Output!) : run.Fail<string>(step);
            });
        var failed = await WorkflowRun.RunAsync(flaky, "x", services);
        var again = await WorkflowRun.ResumeAsync(flaky, failed.RunId, services, options: null);
        Assert.Equal((WorkflowStatus.Failed, WorkflowStatus.Failed), (failed.Status, again.Status));
        Assert.Equal(2, store.ReadEvents(failed.RunId).Count(e => e.Kind == RunEventKind.StepStarted));
    }

    [Fact]
    public async Task A_response_of_the_wrong_type_or_refused_by_the_request_class_changes_nothing()
    {
        using var store = new FileRunStore(_root);
        var workflow = new Review().Build();
        var options = new WorkflowRunOptions { RunId = "r1", Store = store };
        await WorkflowRun.RunAsync(workflow, "hello", options: options);
        var before = File.ReadAllText(Path.Combine(store.RunDirectory("r1"), "state.json"));
        var eventsBefore = Events(store, "r1");

        var wrongType = await Assert.ThrowsAsync<ResponseRefusedException>(() => WorkflowRun.RespondAsync(workflow, "r1", (object)"yes", null, options).AsTask());
        var refused = await Assert.ThrowsAsync<ResponseRefusedException>(() => WorkflowRun.RespondAsync(workflow, "r1", new Decision(false, " "), null, options).AsTask());
        var badJson = await Assert.ThrowsAsync<ResponseRefusedException>(() => WorkflowRun.RespondWithJsonAsync(workflow, "r1", "{\"approved\": \"maybe\"", null, options).AsTask());
        var otherRequest = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            WorkflowRun.RespondAsync(workflow, "r1", new Decision(true, null), null, options, requestId: "legal_review").AsTask());

        Assert.Equal($"Run 'r1' waits for a response to 'editor_approval' of type {typeof(Decision).FullName}, not System.String.", wrongType.Message);
        Assert.Equal("The response to 'editor_approval' in run 'r1' was refused: a rejection needs a note saying why.", refused.Message);
        Assert.StartsWith($"The response to 'editor_approval' in run 'r1' is not a {typeof(Decision).FullName} in JSON: ", badJson.Message);
        Assert.Equal("Run 'r1' waits for a response to 'editor_approval', not to 'legal_review'; answer the request it waits for.", otherRequest.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(store.RunDirectory("r1"), "state.json")));
        Assert.Equal(eventsBefore, Events(store, "r1"));

        var answered = await WorkflowRun.RespondWithJsonAsync(workflow, "r1", "{\"approved\": false, \"note\": \"too long\"}", null, options);
        Assert.Equal(WorkflowStatus.Completed, answered.Status);
        Assert.Equal("rejected: too long", answered.OutputValue);
    }

    [Fact]
    public async Task Only_a_run_waiting_on_a_request_can_be_answered_and_a_waiting_run_is_not_resumed_before_it_is_due()
    {
        using var store = new FileRunStore(_root);
        var workflow = new Review().Build(deadline: TimeSpan.FromHours(2));
        var options = new WorkflowRunOptions { Store = store };
        await WorkflowRun.RunAsync(workflow, "hello", options: new WorkflowRunOptions { RunId = "waiting", Store = store });

        var early = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkflowRun.ResumeAsync(workflow, "waiting", null, options).AsTask());
        await WorkflowRun.RespondAsync(workflow, "waiting", new Decision(true, null), null, options);
        var done = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkflowRun.RespondAsync(workflow, "waiting", new Decision(true, null), null, options).AsTask());

        Assert.StartsWith("Run 'waiting' is waiting for a response to 'editor_approval' (step 2 of 'review' waits for a response to 'editor_approval' (deadline ", early.Message);
        Assert.Contains("answer it with the workflow's RespondAsync, which continues the run. Its deadline is ", early.Message);
        Assert.Equal("Run 'waiting' already completed; there is nothing to continue.", done.Message);
    }

    [Fact]
    public async Task A_passed_deadline_refuses_late_responses_and_the_request_class_decides_the_outcome()
    {
        using var store = new FileRunStore(_root);
        var review = new Review();
        var workflow = review.Build(deadline: TimeSpan.FromMilliseconds(200), atDeadline: new Decision(false, "nobody answered"));
        var options = new WorkflowRunOptions { RunId = "late", Store = store };
        var waiting = await WorkflowRun.RunAsync(workflow, "hello", options: options);
        await Task.Delay(400);

        var late = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkflowRun.RespondAsync(workflow, "late", new Decision(true, null), null, options).AsTask());
        var result = await WorkflowRun.ResumeAsync(workflow, "late", null, options);

        Assert.Equal($"The deadline of 'editor_approval' in run 'late' passed at {waiting.Wait!.DueAt:O}, so the response is refused. The run continues with the deadline's outcome when it is continued (by the recovery service, or ResumeAsync).", late.Message);
        Assert.Equal(WorkflowStatus.Completed, result.Status);
        Assert.Equal("rejected: nobody answered", result.Output);
        Assert.True(Assert.Single(review.Published).AtDeadline);
        Assert.Equal(1, review.Calls["write"]);
        var answer = store.Load("late").Steps.Single(s => s.Kind == "wait");
        Assert.True(answer.AtDeadline);
        Assert.Equal("deadline", store.ReadEvents("late").Single(e => e.Kind == RunEventKind.Resumed).Detail);
    }

    [Fact]
    public async Task A_passed_deadline_without_an_outcome_times_the_run_out()
    {
        using var store = new FileRunStore(_root);
        var review = new Review();
        var workflow = review.Build(deadline: TimeSpan.FromMilliseconds(100));
        var options = new WorkflowRunOptions { RunId = "late", Store = store };
        var waiting = await WorkflowRun.RunAsync(workflow, "hello", options: options);
        await Task.Delay(300);

        var result = await WorkflowRun.ResumeAsync(workflow, "late", null, options);

        Assert.Equal(WorkflowStatus.TimedOut, result.Status);
        Assert.Equal($"step 2 'editor_approval': nobody answered 'editor_approval' before its deadline ({waiting.Wait!.DueAt:O})", Assert.Single(result.Errors));
        Assert.Equal(0, review.Calls["publish"]);
        var record = store.Load("late");
        Assert.Equal(("timed_out", "timed_out"), (record.Status, record.Steps.Single(s => s.Kind == "wait").Status));
    }

    [Fact]
    public async Task A_wait_without_a_store_fails_its_step_with_the_reason()
    {
        var result = await WorkflowRun.RunAsync(new Review().Build(), "hello");

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal(
            "step 2 'editor_approval': step 2 waits for a response, which needs a run store to record the request and to be answered later (set WorkflowRunOptions.Store, for example to new FileRunStore())",
            Assert.Single(result.Errors));
    }

    [Fact]
    public async Task A_wait_in_a_strategy_that_cannot_hold_one_fails_at_run_time_and_at_registration_with_the_build_rule()
    {
        using var store = new FileRunStore(_root);
        var review = new Review();
        var result = await WorkflowRun.RunAsync(review.Build(strategy: "parallel"), "hello", options: new WorkflowRunOptions { Store = store });

        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<Draft, Draft>("check", d => d));
        var rejected = Assert.Throws<ArgumentException>(() => registry.Workflows.Register(
            new WorkflowDefinition("fan", "parallel", [WorkflowStep.Agent("check"), WorkflowStep.Await(review.Request)])));

        const string Rule = "but strategy 'parallel' cannot hold a wait: a waiting run stops and is continued later from its records, which only sequential, nested_sequential, nested and prompt_cached_sequential workflows can do (and for_each and repeat_until, in the workflow they repeat). Move the wait into a sequential workflow";
        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal($"step 2 'editor_approval': Step 2 of workflow 'review' waits for input request 'editor_approval', {Rule}", Assert.Single(result.Errors));
        Assert.Equal($"Step 2 of workflow 'fan' waits for input request 'editor_approval', {Rule}. (Parameter 'workflow')", rejected.Message);
    }

    [Fact]
    public async Task A_wait_inside_a_nested_workflow_stops_the_outer_run_which_is_answered_through_the_outer_workflow()
    {
        using var store = new FileRunStore(_root);
        var review = new Review();
        var inner = review.Build();
        var shout = TestAgents.Sync<string, string>("shout", s => s + "!");
        var outer = new WorkflowDefinition<string, string>(
            "edition",
            "nested_sequential",
            [WorkflowStep.Workflow(inner), WorkflowStep.Agent("shout")],
            async (input, run, token) =>
            {
                var reviewed = await run.RunWorkflowAsync(1, inner, input, token);
                if (!reviewed.Succeeded)
                {
                    return run.Fail<string>(reviewed);
                }

                var shouted = await run.RunAgentAsync(2, shout, reviewed.Output!, token);
                return shouted.Succeeded ? run.Complete(shouted.Output!) : run.Fail<string>(shouted);
            });
        var options = new WorkflowRunOptions { RunId = "nested", Store = store };

        var waiting = await WorkflowRun.RunAsync(outer, "hello", options: options);
        var done = await WorkflowRun.RespondAsync(outer, "nested", new Decision(true, null), null, options);

        Assert.Equal(WorkflowStatus.Waiting, waiting.Status);
        Assert.Equal(("edition/review", 2), (waiting.Wait!.Path, waiting.Wait.Index));
        Assert.Equal(StepStatus.Waiting, waiting.FailedStep!.Status);
        Assert.Equal(("completed", "published HELLO!"), (OrchestrationTelemetryStatus(done.Status), done.Output));
        Assert.Equal(1, review.Calls["write"]);
    }

    private static string OrchestrationTelemetryStatus(WorkflowStatus status) => status == WorkflowStatus.Completed ? "completed" : status.ToString();

    private static WorkflowDefinition<string, string> Delayed(Func<WorkflowRun, string, System.Threading.CancellationToken, ValueTask<StepResult<string>>> delay, List<string> calls)
    {
        var before = TestAgents.Sync<string, string>("before", s => { calls.Add("before"); return s + "-before"; });
        var after = TestAgents.Sync<string, string>("after", s => { calls.Add("after"); return s + "-after"; });
        return new WorkflowDefinition<string, string>(
            "delayed",
            "sequential",
            [WorkflowStep.Agent("before"), WorkflowStep.DelayFor(TimeSpan.FromSeconds(1)), WorkflowStep.Agent("after")],
            async (input, run, token) =>
            {
                var first = await run.RunAgentAsync(1, before, input, token);
                if (!first.Succeeded)
                {
                    return run.Fail<string>(first);
                }

                var waited = await delay(run, first.Output!, token);
                if (!waited.Succeeded)
                {
                    return run.Fail<string>(waited);
                }

                var last = await run.RunAgentAsync(3, after, waited.Output!, token);
                return last.Succeeded ? run.Complete(last.Output!) : run.Fail<string>(last);
            });
    }

    [Fact]
    public async Task Without_a_store_a_delay_waits_in_memory()
    {
        var calls = new List<string>();
        var workflow = Delayed((run, input, token) => run.DelayAsync(2, TimeSpan.FromMilliseconds(150), input, token), calls);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var result = await WorkflowRun.RunAsync(workflow, "x");

        Assert.Equal("x-before-after", result.Output);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(140), $"took {stopwatch.Elapsed}");
        Assert.Equal((StepKind.Timer, "delay"), (result.Steps[1].Kind, result.Steps[1].StepId));
    }

    [Fact]
    public async Task With_a_store_a_delay_records_its_due_time_and_the_run_continues_when_due_not_before()
    {
        using var store = new FileRunStore(_root);
        var calls = new List<string>();
        var computed = 0;
        var due = DateTimeOffset.UtcNow.AddMilliseconds(400);
        var workflow = Delayed((run, input, token) => run.DelayUntilAsync(2, input, _ => { computed++; return due; }, token), calls);
        var options = new WorkflowRunOptions { RunId = "timer", Store = store };

        var waiting = await WorkflowRun.RunAsync(workflow, "x", options: options);
        var early = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkflowRun.ResumeAsync(workflow, "timer", null, options).AsTask());
        await Task.Delay(due - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        var result = await WorkflowRun.ResumeAsync(workflow, "timer", null, options);

        Assert.Equal(WorkflowStatus.Waiting, waiting.Status);
        Assert.Equal((RunWait.Timer, "delay", (DateTimeOffset?)due), (waiting.Wait!.Kind, waiting.Wait.StepId, waiting.Wait.DueAt));
        Assert.StartsWith($"Run 'timer' waits until {due:O}", early.Message);
        Assert.Equal("x-before-after", result.Output);
        Assert.Equal(["before", "after"], calls);
        Assert.Equal(1, computed);
        Assert.Equal("timer", store.ReadEvents("timer").Single(e => e.Kind == RunEventKind.Resumed).Detail);
        Assert.Equal([("before", "agent"), ("delay", "timer"), ("after", "agent")], store.Load("timer").Steps.Select(s => (s.StepId, s.Kind)));
    }

    [Fact]
    public async Task Delays_on_the_dynamic_path_are_registered_checked_and_run()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("upper", s => s.ToUpperInvariant()));
        registry.Templates.Register(TestAgents.Sync<int, int>("double", n => n * 2));
        registry.Workflows.Register(new WorkflowDefinition("paced", "sequential", [WorkflowStep.Agent("upper"), WorkflowStep.DelayFor(TimeSpan.FromMilliseconds(50)), WorkflowStep.Agent("upper")]));

        var mismatch = Assert.Throws<ArgumentException>(() => registry.Workflows.Register(
            new WorkflowDefinition("broken", "sequential", [WorkflowStep.Agent("upper"), WorkflowStep.DelayFor(TimeSpan.FromSeconds(1)), WorkflowStep.Agent("double")])));
        var result = await registry.RunAsync("paced", "abc");

        Assert.Equal("ABC", result.OutputValue);
        Assert.Equal("Workflow 'broken': Step 3 'double' takes int but step 2 'delay' produces string. (Parameter 'workflow')", mismatch.Message);
    }
}
