using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Records;
using Orchestration.Recovery;
using Orchestration.Tests.Shared;

namespace Orchestration.PostgreSql.Tests;

/// <summary>
/// What every <see cref="IRunStore"/> guarantees, run against each store: the file store and the PostgreSQL store pass
/// the same tests, so they cannot drift.
/// </summary>
public abstract class RunStoreContract : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>A new, empty store.</summary>
    protected abstract IRunStore NewStore();

    /// <summary>What a writer that died while holding <paramref name="runId"/> leaves behind, as <paramref name="dead"/>.</summary>
    protected abstract void LeaveDeadWriter(IRunStore store, string runId, RunHolder dead);

    public virtual void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private IRunStore Store()
    {
        var store = NewStore();
        if (store is IDisposable disposable)
        {
            _owned.Add(disposable);
        }

        return store;
    }

    private static RunRecord NewRecord(string runId, string? input = "{\"title\":\"t\",\"words\":[1,2]}") =>
        new(runId, "w", "sequential", "running", DateTimeOffset.UtcNow, null, input, [], [], "fp0123456789", "flowchart LR");

    private static StepRecord Step(int index, string id, string status = "completed", string? output = "\"out\"", string? error = null) =>
        new("w", index, id, "agent", status, 12.5, 1, 0.5, new TokenUsage(10, 20), 0.25m, output, error) { Log = [new StepLogEntry(1, "prompt", "p"), new StepLogEntry(1, "reply", "r")] };

    private static bool SameJson(string? left, string? right) =>
        left is null || right is null ? left == right : JsonNode.DeepEquals(JsonNode.Parse(left), JsonNode.Parse(right));

    [Fact]
    public void A_created_run_reads_back_as_it_was_recorded()
    {
        var store = Store();
        var record = NewRecord("r1");
        using (store.Create(record))
        {
        }

        var loaded = store.Load("r1");
        Assert.Equal((record.RunId, record.WorkflowId, record.Strategy, record.Status, record.Fingerprint, record.Diagram), (loaded.RunId, loaded.WorkflowId, loaded.Strategy, loaded.Status, loaded.Fingerprint, loaded.Diagram));
        Assert.True(SameJson(record.Input, loaded.Input), loaded.Input);
        Assert.True(Math.Abs((record.StartedAt - loaded.StartedAt).TotalMilliseconds) < 1);
        Assert.Null(loaded.FinishedAt);
        Assert.Empty(loaded.Steps);
        Assert.Equal([RunEventKind.Started], store.ReadEvents("r1").Select(e => e.Kind));
        Assert.Equal("w", store.ReadEvents("r1")[0].Detail);
    }

    [Fact]
    public void A_run_id_is_never_reused()
    {
        var store = Store();
        store.Create(NewRecord("r1")).Dispose();

        var reused = Assert.Throws<InvalidOperationException>(() => store.Create(NewRecord("r1")));

        Assert.StartsWith("Run 'r1' already has records in ", reused.Message);
    }

    [Fact]
    public void A_held_claim_is_refused_with_who_holds_it_and_a_released_one_is_taken_again()
    {
        var store = Store();
        var first = store.Create(NewRecord("r1"));

        var refused = Assert.Throws<RunClaimedException>(() => store.Claim("r1"));
        first.Dispose();
        using var second = store.Claim("r1");

        Assert.Equal(first.Holder, refused.Holder);
        Assert.StartsWith($"Run 'r1' is being written by process {Environment.ProcessId} on {Environment.MachineName} since ", refused.Message);
        Assert.Null(second.TakenOverFrom);
        Assert.NotEqual(first.Holder.ClaimId, second.Holder.ClaimId);
        Assert.Throws<InvalidOperationException>(() => first.StepFinished(Step(1, "late")));
        Assert.Empty(store.Load("r1").Steps);
    }

    [Fact]
    public void The_claim_of_a_writer_that_died_is_taken_over_and_says_whose_it_was()
    {
        var store = Store();
        store.Create(NewRecord("r1")).Dispose();
        var dead = new RunHolder("old-host", 4242, DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "abc123");
        LeaveDeadWriter(store, "r1", dead);

        using var claim = store.Claim("r1");

        Assert.Equal(dead, claim.TakenOverFrom);
    }

    [Fact]
    public async Task Of_claims_taken_at_once_exactly_one_wins()
    {
        var store = Store();
        store.Create(NewRecord("r1")).Dispose();
        using var start = new Barrier(8);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            try
            {
                return (IRunClaim?)store.Claim("r1");
            }
            catch (RunClaimedException)
            {
                return null;
            }
        })));

        var winner = Assert.Single(outcomes, o => o is not null);
        winner!.Dispose();
    }

    [Fact]
    public async Task Steps_events_and_the_end_are_recorded_in_order_and_followed_to_the_end()
    {
        var store = Store();
        var claim = store.Create(NewRecord("r1"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var follower = Collect(store.FollowAsync("r1", cancellationToken: timeout.Token));

        claim.StepStarted("w", 1, "a", StepKind.Agent);
        claim.StepFinished(Step(1, "a"));
        claim.StepStarted("w", 2, "b", StepKind.Agent);
        claim.StepFinished(Step(2, "b", "failed", output: null, error: "b broke"));
        claim.Finish("failed", ["step 2 'b': b broke"]);

        var events = await follower;
        Assert.Equal(
            [(1L, RunEventKind.Started, null, null, null, "w"), (2L, RunEventKind.StepStarted, "a", 1, null, null), (3L, RunEventKind.StepFinished, "a", 1, "completed", null),
             (4L, RunEventKind.StepStarted, "b", 2, null, null), (5L, RunEventKind.StepFinished, "b", 2, "failed", "b broke"), (6L, RunEventKind.Finished, null, null, "failed", null)],
            events.Select(e => (e.Sequence, e.Kind, e.StepId, e.Index, e.Status, e.Detail)));
        Assert.Equal(events.Skip(3).Select(e => e.Sequence), store.ReadEvents("r1", afterSequence: 3).Select(e => e.Sequence));
        Assert.Empty(await Collect(store.FollowAsync("r1", afterSequence: 6, cancellationToken: timeout.Token)));

        var record = store.Load("r1");
        Assert.Equal("failed", record.Status);
        Assert.Equal(["step 2 'b': b broke"], record.Errors);
        Assert.NotNull(record.FinishedAt);
        Assert.Equal([("a", "completed", "\"out\"", (string?)null), ("b", "failed", null, "b broke")], record.Steps.Select(s => (s.StepId, s.Status, s.Output, s.Error)));
        Assert.Equal((12.5, 1, 0.5, new TokenUsage(10, 20), 0.25m), (record.Steps[0].DurationMs, record.Steps[0].Attempts, record.Steps[0].Confidence, record.Steps[0].Usage, record.Steps[0].Cost));
        Assert.All(record.Steps, s => Assert.Empty(s.Log));
        Assert.Equal([["prompt", "reply"], ["prompt", "reply"]], store.ReadSteps("r1").Select(s => s.Log.Select(e => e.Kind).ToArray()));
    }

    [Fact]
    public void A_wait_is_recorded_released_answered_and_continued()
    {
        var store = Store();
        var claim = store.Create(NewRecord("r1"));
        claim.StepFinished(Step(1, "draft"));
        var wait = new RunWait(RunWait.Input, "w", 2, 1, "approval", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), "{\"text\":\"DRAFT\"}")
        {
            Description = "Approve it",
            ResponseType = "Sample.Decision",
        };
        claim.Suspend(wait);

        var waiting = store.Load("r1");
        using var answering = store.Claim("r1");
        answering.Responded(new StepRecord("w", 2, "approval", "wait", "completed", 1000, 1, null, TokenUsage.None, null, "{\"approved\":true}", null)
        {
            Request = wait.Request,
            AtDeadline = true,
        });
        answering.Continue("respond");

        Assert.Equal("waiting", waiting.Status);
        Assert.Equal((wait.Kind, wait.Path, wait.Index, wait.Occurrence, wait.StepId, wait.Description, wait.ResponseType), (waiting.Wait!.Kind, waiting.Wait.Path, waiting.Wait.Index, waiting.Wait.Occurrence, waiting.Wait.StepId, waiting.Wait.Description, waiting.Wait.ResponseType));
        Assert.True(Math.Abs((wait.DueAt!.Value - waiting.Wait.DueAt!.Value).TotalMilliseconds) < 1);
        Assert.True(SameJson(wait.Request, waiting.Wait.Request));
        Assert.Throws<InvalidOperationException>(() => claim.StepFinished(Step(3, "late")));

        var answered = answering.Record;
        var record = store.Load("r1");
        Assert.Equal(("running", (RunWait?)null), (record.Status, record.Wait));
        Assert.Equal(answered.Steps.Count, record.Steps.Count);
        var answer = record.Steps.Single(s => s.Kind == "wait");
        Assert.True(answer.AtDeadline);
        Assert.True(SameJson("{\"approved\":true}", answer.Output));
        Assert.True(SameJson(wait.Request, answer.Request));
        Assert.Equal(
            [RunEventKind.Started, RunEventKind.StepFinished, RunEventKind.Waiting, RunEventKind.Responded, RunEventKind.Resumed],
            store.ReadEvents("r1").Select(e => e.Kind));
        Assert.Equal("respond", store.ReadEvents("r1").Last().Detail);
        Assert.StartsWith("deadline ", store.ReadEvents("r1")[2].Detail);
    }

    [Fact]
    public void Runs_are_listed_newest_first_and_an_unknown_run_is_not_found()
    {
        var store = Store();
        store.Create(NewRecord("older")).Dispose();
        Thread.Sleep(5);
        store.Create(NewRecord("newer")).Dispose();

        Assert.Equal(["newer", "older"], store.List().Select(r => r.RunId));
        Assert.All(store.List(), r => Assert.Null(r.Problem));
        Assert.Throws<KeyNotFoundException>(() => store.Load("missing"));
        Assert.Throws<KeyNotFoundException>(() => store.Claim("missing"));
        Assert.Throws<KeyNotFoundException>(() => store.ReadEvents("missing"));
        Assert.Throws<KeyNotFoundException>(() => store.ReadSteps("missing"));
    }

    [Fact]
    public async Task A_workflow_that_waits_is_answered_and_a_failed_one_resumed_through_the_store()
    {
        var store = Store();
        var calls = new List<string>();
        var workflow = ContractWorkflows.Review(calls, failPublish: true);
        var options = new WorkflowRunOptions { RunId = "review", Store = store };

        var waiting = await WorkflowRun.RunAsync(workflow, "hello", options: options);
        var failed = await WorkflowRun.RespondAsync(workflow, "review", true, null, options);
        ContractWorkflows.PublishFails = false;
        var resumed = await WorkflowRun.ResumeAsync(workflow, "review", null, options);
        var record = store.Load("review");

        Assert.Equal(WorkflowStatus.Waiting, waiting.Status);
        Assert.Equal(WorkflowStatus.Failed, failed.Status);
        Assert.Equal((WorkflowStatus.Completed, "published HELLO"), (resumed.Status, resumed.Output));
        Assert.True(SameJson("\"published HELLO\"", record.Output), record.Output);
        Assert.Null(store.Load("review").Wait);
        Assert.Equal(["write", "publish", "publish"], calls);
        Assert.Equal([true, true, false], resumed.Steps.Select(s => s.Restored));
        Assert.Equal(["resume"], store.ReadEvents("review").Where(e => e.Kind == RunEventKind.Resumed).Select(e => e.Detail).Skip(1));
    }

    [Fact]
    public async Task The_recovery_service_continues_an_interrupted_run_in_the_store()
    {
        var store = Store();
        var calls = new List<string>();
        var workflow = ContractWorkflows.Review(calls, failPublish: false);
        using var services = new ServiceCollection()
            .AddOrchestrationRegistry((registry, _) => ContractWorkflows.Register(registry, workflow))
            .AddRunRecovery(o => o.Store = store)
            .BuildServiceProvider();
        var claim = store.Create(new RunRecord("crashed", workflow.Id, workflow.Strategy, "running", DateTimeOffset.UtcNow, null, "\"hello\"", [], [], workflow.Fingerprint));
        claim.StepFinished(new StepRecord(workflow.Id, 1, "write", "agent", "completed", 1, 1, null, TokenUsage.None, null, "\"HELLO\"", null));
        claim.Dispose();

        var pass = await services.GetRequiredService<RunRecoveryService>().RecoverOnceAsync();

        Assert.Equal([("crashed", $"waiting (step 2 of 'review' waits for a response to 'approval')")], pass.Continued);
        Assert.Empty(calls);
        Assert.Equal("waiting", store.Load("crashed").Status);
    }

    private static async Task<List<RunEvent>> Collect(IAsyncEnumerable<RunEvent> events)
    {
        var list = new List<RunEvent>();
        await foreach (var item in events)
        {
            list.Add(item);
        }

        return list;
    }
}

/// <summary>A workflow built by hand as generated code builds it: write → wait for approval → publish.</summary>
internal static class ContractWorkflows
{
    public static bool PublishFails { get; set; }

    public static WorkflowDefinition<string, string> Review(List<string> calls, bool failPublish)
    {
        PublishFails = failPublish;
        var write = Template<string, string>("write", s => { calls.Add("write"); return s.ToUpperInvariant(); });
        var publish = Template<Answered<string, bool>, string>("publish", a =>
        {
            calls.Add("publish");
            return PublishFails ? throw new InvalidOperationException("the site is down") : (a.Response ? "published " : "rejected ") + a.Request;
        });
        var approval = new InputRequestDefinition<string, bool>("approval");
        return new WorkflowDefinition<string, string>(
            "review",
            "sequential",
            [WorkflowStep.Agent("write"), WorkflowStep.Await(approval), WorkflowStep.Agent("publish")],
            async (input, run, token) =>
            {
                var written = await run.RunAgentAsync(1, write, input, token);
                if (!written.Succeeded)
                {
                    return run.Fail<string>(written);
                }

                var approved = await run.AwaitResponseAsync(2, approval, written.Output!, token);
                if (!approved.Succeeded)
                {
                    return run.Fail<string>(approved);
                }

                var published = await run.RunAgentAsync(3, publish, approved.Output!, token);
                return published.Succeeded ? run.Complete(published.Output!) : run.Fail<string>(published);
            });
    }

    public static void Register(OrchestrationRegistry registry, WorkflowDefinition<string, string> workflow)
    {
        registry.Templates.Register(Template<string, string>("write", s => s));
        registry.Templates.Register(Template<Answered<string, bool>, string>("publish", a => a.Request));
        registry.Workflows.Register(workflow);
    }

    private static AgentTemplate<TIn, TOut> Template<TIn, TOut>(string id, Func<TIn, TOut> run) =>
        new(id, id, typeof(Agent<TIn, TOut>), _ => new Agent<TIn, TOut>(run));

    private sealed class Agent<TIn, TOut>(Func<TIn, TOut> run) : IAgent<TIn, TOut>
    {
        public ValueTask<TOut> RunAsync(TIn input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(run(input));
    }
}

/// <summary>The contract on the file store.</summary>
public sealed class FileRunStoreContract : RunStoreContract
{
    private readonly string _root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orchestration-contract-" + Guid.NewGuid().ToString("N"));
    private int _stores;

    protected override IRunStore NewStore() => new FileRunStore(System.IO.Path.Combine(_root, (_stores++).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    protected override void LeaveDeadWriter(IRunStore store, string runId, RunHolder dead) =>
        System.IO.File.WriteAllText(
            System.IO.Path.Combine(((FileRunStore)store).RunDirectory(runId), "writer.json"),
            $"{{\"host\":\"{dead.Host}\",\"processId\":{dead.ProcessId},\"since\":\"{dead.Since:O}\",\"claimId\":\"{dead.ClaimId}\"}}");

    public override void Dispose()
    {
        base.Dispose();
        if (System.IO.Directory.Exists(_root))
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
    }
}

/// <summary>The contract on the PostgreSQL store: each store gets a schema of its own in the tests' server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlRunStoreContract(PostgresServer server) : RunStoreContract
{
    protected override IRunStore NewStore() =>
        new PostgreSqlRunStore(server.ConnectionString, new PostgreSqlRunStoreOptions { Schema = "contract_" + Guid.NewGuid().ToString("N") });

    protected override void LeaveDeadWriter(IRunStore store, string runId, RunHolder dead)
    {
        // What a dead writer leaves: its holder, and a lease that ran out.
        var schema = ((PostgreSqlRunStore)store).Options.Schema;
        using var connection = new Npgsql.NpgsqlConnection(server.ConnectionString);
        connection.Open();
        using var update = new Npgsql.NpgsqlCommand(
            $"UPDATE {schema}.runs SET claim_holder = @holder::jsonb, claim_expires_at = now() - interval '1 second' WHERE run_id = @run", connection);
        update.Parameters.AddWithValue("holder", $"{{\"Host\":\"{dead.Host}\",\"ProcessId\":{dead.ProcessId},\"Since\":\"{dead.Since:O}\",\"ClaimId\":\"{dead.ClaimId}\"}}");
        update.Parameters.AddWithValue("run", runId);
        Assert.Equal(1, update.ExecuteNonQuery());
    }
}
