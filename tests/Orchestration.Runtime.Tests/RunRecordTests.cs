using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Orchestration.Records;

namespace Orchestration.Runtime.Tests;

public sealed class RunRecordTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orchestration-records-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static OrchestrationRegistry Registry(FileRunStore? peek = null, string? peekRun = null, int[]? seenSteps = null)
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("upper", s => s.ToUpperInvariant()));
        registry.Templates.Register(TestAgents.Sync<string, int>("length", s =>
        {
            if (peek is not null)
            {
                // Mid-run, the state on disk is complete and already holds the steps that finished.
                seenSteps![0] = peek.Load(peekRun!).Steps.Count;
            }

            return s.Length;
        }));
        registry.Templates.Register(TestAgents.Sync<string, int>("broken", _ => throw new FormatException("bad input")));
        registry.Workflows.Register(new WorkflowDefinition("shout", "sequential", [WorkflowStep.Agent("upper")]));
        registry.Workflows.Register(new WorkflowDefinition("measure", "nested_sequential", [WorkflowStep.Workflow("shout"), WorkflowStep.Agent("length")]));
        registry.Workflows.Register(new WorkflowDefinition("fails", "sequential", [WorkflowStep.Agent("upper"), WorkflowStep.Agent("broken")]));
        return registry;
    }

    [Fact]
    public async Task A_run_leaves_state_events_and_step_logs()
    {
        using var store = new FileRunStore(_root);
        var seen = new int[1];
        var registry = Registry(store, "run-1", seen);

        var result = await registry.RunAsync("measure", "hello", options: new WorkflowRunOptions { RunId = "run-1", Store = store });

        var directory = Path.Combine(_root, "runs", "run-1");
        var record = store.Load("run-1");
        Assert.Equal(("run-1", "measure", "nested_sequential", "completed"), (record.RunId, record.WorkflowId, record.Strategy, record.Status));
        Assert.Equal("\"hello\"", record.Input);
        Assert.NotNull(record.FinishedAt);
        Assert.Equal(
            [("measure/shout", 1, "upper", "agent", "\"HELLO\""), ("measure", 1, "shout", "workflow", null), ("measure", 2, "length", "agent", "5")],
            record.Steps.Select(s => (s.Path, s.Index, s.StepId, s.Kind, s.Output)));
        Assert.Equal(2, seen[0]);
        Assert.Equal(5, result.Output);

        var events = File.ReadAllLines(Path.Combine(directory, "events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()!).ToArray();
        Assert.Equal(["run_started", "step_started", "step_started", "step_finished", "step_finished", "step_started", "step_finished", "run_finished"], events);
        Assert.Equal(
            [
                (1L, RunEventKind.Started, null, null, null, "measure"),
                (2L, RunEventKind.StepStarted, "measure", 1, "shout", null),
                (3L, RunEventKind.StepStarted, "measure/shout", 1, "upper", null),
                (4L, RunEventKind.StepFinished, "measure/shout", 1, "upper", null),
                (5L, RunEventKind.StepFinished, "measure", 1, "shout", null),
                (6L, RunEventKind.StepStarted, "measure", 2, "length", null),
                (7L, RunEventKind.StepFinished, "measure", 2, "length", null),
                (8L, RunEventKind.Finished, null, null, null, null),
            ],
            store.ReadEvents("run-1").Select(e => (e.Sequence, e.Kind, e.Path, e.Index, e.StepId, e.Detail)));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(directory, "steps")).Length);

        // The lock file stays (deleting it could let two writers lock two files); nobody is named as holding it.
        Assert.True(File.Exists(Path.Combine(directory, "writer.lock")));
        Assert.False(File.Exists(Path.Combine(directory, "writer.json")));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_failed_run_records_the_error_and_the_report_shows_it()
    {
        using var store = new FileRunStore(_root);
        var registry = Registry();

        await registry.RunAsync("fails", "x", options: new WorkflowRunOptions { RunId = "failed-run", Store = store });

        var record = store.Load("failed-run");
        Assert.Equal("failed", record.Status);
        Assert.Equal(["step 2 'broken': FormatException: bad input"], record.Errors);
        var report = RunReport.ToMarkdown(record, registry.Workflows.Get("fails").Diagram);
        Assert.StartsWith("# Run failed-run: fails\n", report);
        Assert.Contains("| Status | **failed** |", report);
        Assert.Contains("| fails | 2 | `broken` | failed |", report);
        Assert.Contains("- step 2 'broken': FormatException: bad input", report);
        Assert.Contains("```mermaid\n%% workflow fails (sequential)", report);
        Assert.Equal(record.ToJson(), RunReport.ToJson(record));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Run_ids_cannot_leave_the_root(string runId)
    {
        using var store = new FileRunStore(_root);

        Assert.Throws<ArgumentException>(() => store.RunDirectory(runId));
    }

    [Fact]
    public void A_run_has_one_writer_and_a_run_id_is_never_reused()
    {
        using var first = new FileRunStore(_root);
        using var second = new FileRunStore(_root);
        var record = new RunRecord("shared", "w", "sequential", "running", DateTimeOffset.UtcNow, null, null, [], []);

        var claim = first.Create(record);
        var busy = Assert.Throws<RunClaimedException>(() => second.Claim("shared"));
        var reused = Assert.Throws<InvalidOperationException>(() => second.Create(record));
        claim.Finish("completed", []);
        using var later = second.Claim("shared");

        Assert.StartsWith($"Run 'shared' is being written by process {Environment.ProcessId} on {Environment.MachineName} since {claim.Holder.Since:O} (", busy.Message);
        Assert.Equal(claim.Holder, busy.Holder);
        Assert.StartsWith("Run 'shared' already has records in", reused.Message);
        Assert.Equal("completed", later.Record.Status);
        Assert.Null(later.TakenOverFrom);
    }

    [Fact]
    public async Task A_damaged_state_file_gives_a_clear_error_and_loses_nothing_else()
    {
        using var store = new FileRunStore(_root);
        var registry = Registry();
        await registry.RunAsync("shout", "a", options: new WorkflowRunOptions { RunId = "intact", Store = store });
        await registry.RunAsync("shout", "b", options: new WorkflowRunOptions { RunId = "damaged", Store = store });
        var state = Path.Combine(_root, "runs", "damaged", "state.json");
        var text = File.ReadAllText(state);
        File.WriteAllText(state, text[..(text.Length / 2)]);

        var ex = Assert.Throws<InvalidDataException>(() => store.Load("damaged"));
        var listing = store.List();

        Assert.StartsWith($"{state} is not a valid run record (", ex.Message);
        Assert.EndsWith("The file may be truncated or edited; the run's events.jsonl and step logs are untouched.", ex.Message);
        Assert.Equal("completed", listing.Single(r => r.RunId == "intact").Record!.Status);
        Assert.NotNull(listing.Single(r => r.RunId == "damaged").Problem);
        Assert.True(File.Exists(Path.Combine(_root, "runs", "damaged", "events.jsonl")));
        Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => store.Load("never-ran"));
    }
}
