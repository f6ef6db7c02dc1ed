using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Orchestration.Records;

namespace Orchestration.Runtime.Tests;

public sealed class ResumeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orchestration-resume-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>
    /// outline (agent) → polish (nested workflow: one agent that fails while <see cref="Pipeline.Broken"/>) → count
    /// (agent). Every agent counts its calls.
    /// </summary>
    private sealed class Pipeline
    {
        public bool Broken { get; set; }

        public Dictionary<string, int> Calls { get; } = new() { ["outline"] = 0, ["polish"] = 0, ["count"] = 0 };

        public WorkflowDefinition<string, int> Build(string extraStep = "")
        {
            var outline = TestAgents.Sync<string, string>("outline", s => { Calls["outline"]++; return "outline of " + s; });
            var polish = TestAgents.Sync<string, string>("polish", s =>
            {
                Calls["polish"]++;
                return Broken ? throw new TimeoutException("the model did not answer") : s.ToUpperInvariant();
            });
            var count = TestAgents.Sync<string, int>("count", s => { Calls["count"]++; return s.Length; });

            var inner = new WorkflowDefinition<string, string>(
                "polish_flow",
                "sequential",
                [WorkflowStep.Agent("polish")],
                async (input, run, token) =>
                {
                    var step = await run.RunAgentAsync(1, polish, input, token);
                    return step.Succeeded ? run.Complete(step.Output!) : run.Fail<string>(step);
                });

            var steps = new List<WorkflowStep> { WorkflowStep.Agent("outline"), WorkflowStep.Workflow("polish_flow"), WorkflowStep.Agent("count") };
            if (extraStep.Length > 0)
            {
                steps.Add(WorkflowStep.Agent(extraStep));
            }

            return new WorkflowDefinition<string, int>(
                "article",
                "nested_sequential",
                steps,
                async (input, run, token) =>
                {
                    var first = await run.RunAgentAsync(1, outline, input, token);
                    if (!first.Succeeded)
                    {
                        return run.Fail<int>(first);
                    }

                    var second = await run.RunWorkflowAsync(2, inner, first.Output!, token);
                    if (!second.Succeeded)
                    {
                        return run.Fail<int>(second);
                    }

                    var third = await run.RunAgentAsync(3, count, second.Output!, token);
                    return third.Succeeded ? run.Complete(third.Output) : run.Fail<int>(third);
                });
        }
    }

    [Fact]
    public async Task A_failed_run_resumes_without_rerunning_completed_steps_and_ends_like_an_uninterrupted_run()
    {
        using var store = new FileRunStore(_root);
        var options = new WorkflowRunOptions { RunId = "run-1", Store = store };
        var pipeline = new Pipeline { Broken = true };
        var workflow = pipeline.Build();

        var failed = await WorkflowRun.RunAsync(workflow, "rust", options: options);
        Assert.Equal(WorkflowStatus.Failed, failed.Status);
        Assert.Equal("failed", store.Load("run-1").Status);

        pipeline.Broken = false;
        var resumed = await WorkflowRun.ResumeAsync(workflow, "run-1", services: null, options);

        var uninterrupted = await WorkflowRun.RunAsync(new Pipeline().Build(), "rust");
        Assert.Equal(WorkflowStatus.Completed, resumed.Status);
        Assert.Equal(uninterrupted.Output, resumed.Output);
        Assert.Equal("run-1", resumed.RunId);
        Assert.Equal(new Dictionary<string, int> { ["outline"] = 1, ["polish"] = 2, ["count"] = 1 }, pipeline.Calls);
        Assert.True(resumed.Steps[0].Restored);
        Assert.Equal("outline of rust", resumed.Steps[0].OutputValue);
        Assert.False(resumed.Steps[2].Restored);

        var record = store.Load("run-1");
        Assert.Equal("completed", record.Status);
        Assert.Empty(record.Errors);
        Assert.Equal(
            [
                ("article", 1, "outline", "completed"),
                ("article/polish_flow", 1, "polish", "failed"),
                ("article", 2, "polish_flow", "failed"),
                ("article/polish_flow", 1, "polish", "completed"),
                ("article", 2, "polish_flow", "completed"),
                ("article", 3, "count", "completed"),
            ],
            record.Steps.Select(s => (s.Path, s.Index, s.StepId, s.Status)));

        var directory = store.RunDirectory("run-1");
        var events = File.ReadAllLines(Path.Combine(directory, "events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()!).ToArray();
        Assert.Equal(
            [
                "run_started", "step_started", "step_finished", "step_started", "step_started", "step_finished", "step_finished", "run_finished",
                "run_resumed", "step_started", "step_started", "step_finished", "step_finished", "step_started", "step_finished", "run_finished",
            ],
            events);
        Assert.Equal("resume", store.ReadEvents("run-1").Single(e => e.Kind == RunEventKind.Resumed).Detail);
        Assert.Equal(6, Directory.GetFiles(Path.Combine(directory, "steps")).Length);
        Assert.False(File.Exists(Path.Combine(directory, "writer.json")));
    }

    [Fact]
    public async Task Resuming_twice_keeps_restoring_what_completed_before()
    {
        using var store = new FileRunStore(_root);
        var options = new WorkflowRunOptions { RunId = "twice", Store = store };
        var pipeline = new Pipeline { Broken = true };
        var workflow = pipeline.Build();

        await WorkflowRun.RunAsync(workflow, "go", options: options);
        var stillBroken = await WorkflowRun.ResumeAsync(workflow, "twice", null, options);
        pipeline.Broken = false;
        var done = await WorkflowRun.ResumeAsync(workflow, "twice", null, options);

        Assert.Equal(WorkflowStatus.Failed, stillBroken.Status);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal("OUTLINE OF GO".Length, done.Output);
        Assert.Equal(new Dictionary<string, int> { ["outline"] = 1, ["polish"] = 3, ["count"] = 1 }, pipeline.Calls);
    }

    [Fact]
    public async Task Resuming_refuses_a_completed_run_a_changed_workflow_another_workflows_run_and_a_missing_store()
    {
        using var store = new FileRunStore(_root);
        var pipeline = new Pipeline { Broken = true };
        var workflow = pipeline.Build();
        await WorkflowRun.RunAsync(workflow, "x", options: new WorkflowRunOptions { RunId = "stopped", Store = store });
        await WorkflowRun.RunAsync(new Pipeline().Build(), "x", options: new WorkflowRunOptions { RunId = "finished", Store = store });
        var options = new WorkflowRunOptions { Store = store };

        var completed = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkflowRun.ResumeAsync(workflow, "finished", null, options).AsTask());
        var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkflowRun.ResumeAsync(pipeline.Build(extraStep: "count"), "stopped", null, options).AsTask());
        var other = new WorkflowDefinition<string, int>("other", "sequential", [WorkflowStep.Agent("count")], (_, run, _) => new(run.Complete(0)));
        var wrong = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkflowRun.ResumeAsync(other, "stopped", null, options).AsTask());
        var noStore = await Assert.ThrowsAsync<ArgumentException>(() => WorkflowRun.ResumeAsync(workflow, "stopped", null, new WorkflowRunOptions()).AsTask());
        var unknown = await Assert.ThrowsAsync<KeyNotFoundException>(() => WorkflowRun.ResumeAsync(workflow, "nope", null, options).AsTask());

        Assert.Equal("Run 'finished' already completed; there is nothing to continue.", completed.Message);
        Assert.StartsWith("Workflow 'article' changed since run 'stopped' started (fingerprint ", changed.Message);
        Assert.EndsWith("so its recorded results may not fit the steps; start a new run instead.", changed.Message);
        Assert.Equal("Run 'stopped' is a run of workflow 'article', not 'other'.", wrong.Message);
        Assert.StartsWith("Resuming or answering a run needs the store the run was recorded in: set WorkflowRunOptions.Store, or register it for the application with services.AddOrchestration(o => o.UseStore(store)) and pass the services.", noStore.Message);
        Assert.StartsWith("No run 'nope' in ", unknown.Message);

        // Refusals change nothing: the stopped run is still there, failed, and still resumes.
        Assert.Equal("failed", store.Load("stopped").Status);
        pipeline.Broken = false;
        Assert.Equal(WorkflowStatus.Completed, (await WorkflowRun.ResumeAsync(workflow, "stopped", null, options)).Status);
    }

    [Fact]
    public void The_fingerprint_follows_what_the_workflow_does()
    {
        var a = new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("a"), WorkflowStep.Agent("b")]);
        var same = new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("a"), WorkflowStep.Agent("b")], description: "only words");
        var reordered = new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("b"), WorkflowStep.Agent("a")]);
        var otherStrategy = new WorkflowDefinition("w", "parallel", [WorkflowStep.Agent("a"), WorkflowStep.Agent("b")]);

        Assert.Equal(24, a.Fingerprint.Length);
        Assert.Equal(a.Fingerprint, same.Fingerprint);
        Assert.NotEqual(a.Fingerprint, reordered.Fingerprint);
        Assert.NotEqual(a.Fingerprint, otherStrategy.Fingerprint);
    }

    [Fact]
    public void A_change_inside_a_nested_workflow_named_by_definition_changes_the_outer_fingerprint()
    {
        var inner = new WorkflowDefinition("inner", "sequential", [WorkflowStep.Agent("a"), WorkflowStep.Agent("b")]);
        var innerReordered = new WorkflowDefinition("inner", "sequential", [WorkflowStep.Agent("b"), WorkflowStep.Agent("a")]);
        var outer = new WorkflowDefinition("outer", "nested_sequential", [WorkflowStep.Workflow(inner), WorkflowStep.Agent("c")]);
        var outerAgain = new WorkflowDefinition("outer", "nested_sequential", [WorkflowStep.Workflow(inner), WorkflowStep.Agent("c")]);
        var outerOverReordered = new WorkflowDefinition("outer", "nested_sequential", [WorkflowStep.Workflow(innerReordered), WorkflowStep.Agent("c")]);
        var outerById = new WorkflowDefinition("outer", "nested_sequential", [WorkflowStep.Workflow("inner"), WorkflowStep.Agent("c")]);

        Assert.Equal("inner", WorkflowStep.Workflow(inner).TargetId);
        Assert.Equal(outer.Fingerprint, outerAgain.Fingerprint);
        Assert.NotEqual(outer.Fingerprint, outerOverReordered.Fingerprint);

        // Named by id only (the dynamic path), the nested workflow's insides are not known, so not part of the fingerprint.
        Assert.NotEqual(outer.Fingerprint, outerById.Fingerprint);
        Assert.Throws<ArgumentNullException>(() => WorkflowStep.Workflow((WorkflowDefinition)null!));
    }
}
