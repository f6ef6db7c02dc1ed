using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestration.Records;
using Orchestration.Recovery;

namespace Orchestration.Runtime.Tests;

/// <summary>The recovery service: interrupted runs, due timers and passed deadlines continue by themselves; the rest is skipped with the reason.</summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orchestration-recovery-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _calls = [];
    private readonly List<string> _log = [];

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>first → delay (or none) → second, registered in a registry as generated code would register it.</summary>
    private (WorkflowDefinition<string, string> Workflow, ServiceProvider Services) App(FileRunStore store, TimeSpan? delay = null, int maxRecoveries = 3)
    {
        var first = TestAgents.Sync<string, string>("first", s => { lock (_calls) { _calls.Add("first"); } return s + "-1"; });
        var second = TestAgents.Sync<string, string>("second", s => { lock (_calls) { _calls.Add("second"); } return s + "-2"; });
        var steps = new List<WorkflowStep> { WorkflowStep.Agent("first") };
        if (delay is { } d)
        {
            steps.Add(WorkflowStep.DelayFor(d));
        }

        steps.Add(WorkflowStep.Agent("second"));
        var workflow = new WorkflowDefinition<string, string>(
            "job",
            "sequential",
            steps,
            async (input, run, token) =>
            {
                var a = await run.RunAgentAsync(1, first, input, token);
                if (!a.Succeeded)
                {
                    return run.Fail<string>(a);
                }

                var value = a.Output!;
                if (delay is { } pause)
                {
                    var waited = await run.DelayAsync(2, pause, value, token);
                    if (!waited.Succeeded)
                    {
                        return run.Fail<string>(waited);
                    }
                }

                var b = await run.RunAgentAsync(delay is null ? 2 : 3, second, value, token);
                return b.Succeeded ? run.Complete(b.Output!) : run.Fail<string>(b);
            });

        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new ListLogger(_log)))
            .AddOrchestrationRegistry((registry, _) =>
            {
                registry.Templates.Register(first);
                registry.Templates.Register(second);
                registry.Workflows.Register(workflow);
            })
            .AddRunRecovery(options =>
            {
                options.Store = store;
                options.MaxRecoveries = maxRecoveries;
                options.PollInterval = TimeSpan.FromMilliseconds(200);
            })
            .BuildServiceProvider();
        return (workflow, services);
    }

    /// <summary>A run whose process died after its first step: status running, no live writer.</summary>
    private static void Interrupted(FileRunStore store, WorkflowDefinition workflow, string runId)
    {
        var claim = store.Create(new RunRecord(runId, workflow.Id, workflow.Strategy, "running", DateTimeOffset.UtcNow, null, "\"in\"", [], [], workflow.Fingerprint));
        claim.StepStarted(workflow.Id, 1, "first", StepKind.Agent);
        claim.StepFinished(new StepRecord(workflow.Id, 1, "first", "agent", "completed", 1, 1, null, TokenUsage.None, null, "\"in-1\"", null));
        claim.StepStarted(workflow.Id, 2, "second", StepKind.Agent);
        claim.Dispose();
    }

    [Fact]
    public async Task An_interrupted_run_is_recovered_without_rerunning_its_completed_steps()
    {
        using var store = new FileRunStore(_root);
        var (workflow, services) = App(store);
        Interrupted(store, workflow, "crashed");

        var pass = await services.GetRequiredService<RunRecoveryService>().RecoverOnceAsync();

        Assert.Equal([("crashed", "completed")], pass.Continued);
        Assert.Empty(pass.Skipped);
        Assert.Equal(["second"], _calls);
        var record = store.Load("crashed");
        Assert.Equal("completed", record.Status);
        Assert.Equal("recovery", store.ReadEvents("crashed").Single(e => e.Kind == RunEventKind.Resumed).Detail);
        Assert.Contains(_log, line => line == "Information RunContinued: Continued run crashed of workflow job (interrupted): completed");
    }

    [Fact]
    public async Task A_run_its_store_stopped_is_continued_once_the_store_works_and_a_run_that_failed_in_its_steps_is_not()
    {
        using var store = new FileRunStore(_root);
        var (workflow, services) = App(store);

        // What the engine records when a write fails and the store answers again for the last one (StoreFailureTests).
        var stopped = store.Create(new RunRecord("stopped", workflow.Id, workflow.Strategy, "running", DateTimeOffset.UtcNow, null, "\"in\"", [], [], workflow.Fingerprint));
        stopped.StepFinished(new StepRecord(workflow.Id, 1, "first", "agent", "completed", 1, 1, null, TokenUsage.None, null, "\"in-1\"", null));
        stopped.Finish("failed", ["the run store failed, so the run stopped: connection lost while recording step 2 'second'", "step 2 'second' failed"]);
        stopped.Dispose();
        var broken = store.Create(new RunRecord("broken", workflow.Id, workflow.Strategy, "running", DateTimeOffset.UtcNow, null, "\"in\"", [], [], workflow.Fingerprint));
        broken.Finish("failed", ["step 1 'first' failed: InvalidOperationException: bad input"]);
        broken.Dispose();

        Assert.True(store.Load("stopped").StoppedByStoreFailure);
        var pass = await services.GetRequiredService<RunRecoveryService>().RecoverOnceAsync();
        var again = await services.GetRequiredService<RunRecoveryService>().RecoverOnceAsync();

        Assert.Equal([("stopped", "completed")], pass.Continued);
        Assert.Empty(again.Continued);
        Assert.Equal(["second"], _calls);
        Assert.Equal("completed", store.Load("stopped").Status);
        Assert.Equal("recovery", store.ReadEvents("stopped").Single(e => e.Kind == RunEventKind.Resumed).Detail);
        Assert.Equal("failed", store.Load("broken").Status);
        Assert.False(store.Load("broken").StoppedByStoreFailure);
        Assert.Contains(_log, line => line == "Information RunContinued: Continued run stopped of workflow job (store failed): completed");
    }

    [Fact]
    public async Task A_host_that_gives_runs_a_home_elsewhere_continues_them_there()
    {
        using var store = new FileRunStore(_root);
        var (workflow, _) = App(store);
        Interrupted(store, workflow, "crashed");
        var asked = new List<RunToContinue>();
        using var services = new ServiceCollection()
            .AddOrchestrationRegistry((registry, _) =>
            {
                registry.Templates.Register(TestAgents.Sync<string, string>("first", s => s));
                registry.Templates.Register(TestAgents.Sync<string, string>("second", s => s));
                registry.Workflows.Register(workflow);
            })
            .AddRunRecovery(options =>
            {
                options.Store = store;
                options.Continue = async (run, token) =>
                {
                    asked.Add(run);
                    var result = await WorkflowRun.RecoverAsync(run.Workflow, run.RunId, null, new WorkflowRunOptions { Store = run.Store }, token);
                    return "continued elsewhere: " + result.Status;
                };
            })
            .BuildServiceProvider();

        var pass = await services.GetRequiredService<RunRecoveryService>().RecoverOnceAsync();

        Assert.Equal([("crashed", "continued elsewhere: Completed")], pass.Continued);
        Assert.Equal(("crashed", "interrupted", "job"), (asked[0].RunId, asked[0].Reason, asked[0].Workflow.Id));
        Assert.Equal("recovery", store.ReadEvents("crashed").Single(e => e.Kind == RunEventKind.Resumed).Detail);
    }

    [Fact]
    public async Task A_run_with_a_live_writer_is_left_to_it()
    {
        using var store = new FileRunStore(_root);
        var (workflow, services) = App(store);
        using var live = store.Create(new RunRecord("live", workflow.Id, workflow.Strategy, "running", DateTimeOffset.UtcNow, null, "\"in\"", [], [], workflow.Fingerprint));

        var pass = await services.GetRequiredService<RunRecoveryService>().RecoverOnceAsync();

        Assert.Empty(pass.Continued);
        Assert.StartsWith($"Run 'live' is being written by process {Environment.ProcessId}", Assert.Single(pass.Skipped).Reason);
        Assert.Empty(_calls);
        Assert.Equal("running", store.Load("live").Status);
    }

    [Fact]
    public async Task A_due_timer_continues_and_one_not_yet_due_is_reported_as_next()
    {
        using var store = new FileRunStore(_root);
        var (workflow, services) = App(store, delay: TimeSpan.FromMilliseconds(300));
        var options = new WorkflowRunOptions { Store = store };
        var soon = await WorkflowRun.RunAsync(workflow, "soon", options: new WorkflowRunOptions { RunId = "soon", Store = store });
        var recovery = services.GetRequiredService<RunRecoveryService>();

        var early = await recovery.RecoverOnceAsync();
        await Task.Delay(soon.Wait!.DueAt!.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        var due = await recovery.RecoverOnceAsync();

        Assert.Empty(early.Continued);
        Assert.Equal(soon.Wait.DueAt, early.NextDue);
        Assert.Equal([("soon", "completed")], due.Continued);
        Assert.Equal("soon-1-2", store.Load("soon").Steps.Last().Output?.Trim('"'));
        Assert.Equal("timer", store.ReadEvents("soon").Single(e => e.Kind == RunEventKind.Resumed).Detail);
        Assert.Equal(["first", "second"], _calls);
    }

    [Fact]
    public async Task Runs_of_unknown_or_changed_workflows_and_runs_recovered_too_often_are_skipped_with_the_reason()
    {
        using var store = new FileRunStore(_root);
        var (workflow, services) = App(store, maxRecoveries: 2);
        store.Create(new RunRecord("stranger", "other_app_workflow", "sequential", "running", DateTimeOffset.UtcNow, null, "\"in\"", [], [], "abc")).Dispose();
        store.Create(new RunRecord("old", workflow.Id, workflow.Strategy, "running", DateTimeOffset.UtcNow, null, "\"in\"", [], [], "0123456789ab")).Dispose();
        Interrupted(store, workflow, "doomed");
        for (var i = 0; i < 2; i++)
        {
            using var claim = store.Claim("doomed");
            claim.Continue("recovery");
        }

        var pass = await services.GetRequiredService<RunRecoveryService>().RecoverOnceAsync();

        Assert.Empty(pass.Continued);
        Assert.Equal(
            [
                ("doomed", "it was recovered 2 times and was interrupted again each time (RunRecoveryOptions.MaxRecoveries); find out why, then continue it with ResumeAsync"),
                ("old", $"workflow 'job' changed since the run started (fingerprint 0123456789ab then, {workflow.Fingerprint} now); its records may not fit, so it is not continued"),
                ("stranger", "this application has no workflow 'other_app_workflow'"),
            ],
            pass.Skipped.OrderBy(s => s.RunId, StringComparer.Ordinal));
        Assert.Contains(_log, line => line == "Warning RunSkipped: Skipped run stranger of workflow other_app_workflow: this application has no workflow 'other_app_workflow'");
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task In_a_host_the_service_continues_interrupted_runs_at_start_and_timers_when_due()
    {
        using var store = new FileRunStore(_root);
        var (workflow, _) = App(store, delay: TimeSpan.FromMilliseconds(500));
        Interrupted(store, workflow, "crashed");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var first = TestAgents.Sync<string, string>("first", s => s + "-1");
        var second = TestAgents.Sync<string, string>("second", s => s + "-2");
        builder.Services
            .AddOrchestrationRegistry((registry, _) =>
            {
                registry.Templates.Register(first);
                registry.Templates.Register(second);
                registry.Workflows.Register(workflow);
            })
            .AddRunRecovery(options =>
            {
                options.Store = store;
                options.PollInterval = TimeSpan.FromMinutes(10);
            });
        using var host = builder.Build();

        var waiting = await WorkflowRun.RunAsync(workflow, "later", options: new WorkflowRunOptions { RunId = "later", Store = store });
        await host.StartAsync();
        try
        {
            // Nothing polls for ten minutes: the first scan continues "crashed" and knows when "later" is due.
            await Until(() => store.Load("crashed").Status == "completed" && store.Load("later").Status == "completed");
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.Equal(WorkflowStatus.Waiting, waiting.Status);
        Assert.Equal("\"later-1-2\"", store.Load("later").Steps.Last().Output);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The recovery service did not finish the runs within 30 seconds.");
            await Task.Delay(50);
        }
    }

    private sealed class ListLogger(List<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add($"{logLevel} {eventId.Name}: {formatter(state, exception)}");
            }
        }

        public void Dispose()
        {
        }
    }
}
