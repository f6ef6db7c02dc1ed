using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Orchestration.Records;
using Orchestration.Tests.Shared;
using Orleans;
using Orleans.Runtime;
using WorkerHost;

namespace Orchestration.Orleans.Tests;

/// <summary>
/// The grain and the client in Orleans' in-process test cluster (two silos) with the PostgreSQL store: start, follow,
/// answer, await typed results; waits release the grain; timers and interrupted runs are continued by the recovery
/// scan in their grains; refusals reach the client as the runtime's own exceptions.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class InProcessClusterTests : IClassFixture<InProcessCluster>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly PostgresServer _server;
    private readonly InProcessCluster _cluster;

    public InProcessClusterTests(PostgresServer server, InProcessCluster cluster)
    {
        _server = server;
        _cluster = cluster;
    }

    public Task InitializeAsync() => _cluster.StartAsync(_server);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_run_started_by_the_client_completes_in_a_grain_with_its_typed_result_and_events()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var run = await _cluster.Workflows.StartAsync(FiveSteps.Definition, new Work("typed", 4), cancellationToken: timeout.Token);

        var outcome = await run.WaitForResultAsync(timeout.Token);

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        Assert.Equal(new Work("typed", Expected.FiveSteps(4)), outcome.Output);
        Assert.Equal(5, outcome.Record.Steps.Count);
        var events = new List<RunEvent>();
        await foreach (var item in run.FollowAsync(cancellationToken: timeout.Token))
        {
            events.Add(item);
        }

        Assert.Equal(RunEventKind.Started, events[0].Kind);
        Assert.Equal(5, events.Count(e => e.Kind == RunEventKind.StepFinished));
        Assert.Equal(RunEventKind.Finished, events[^1].Kind);
        Assert.Equal("completed", events[^1].Status);
    }

    [Fact]
    public async Task A_waiting_run_releases_its_grain_and_the_answer_continues_it_wherever_the_grain_comes_back()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var run = await _cluster.Workflows.StartAsync(GatedFiveSteps.Definition, new Work("gated", 3), cancellationToken: timeout.Token);

        var wait = await run.UntilWaitingAsync(timeout.Token);
        Assert.NotNull(wait);
        Assert.Equal("approval", wait!.StepId);
        await UntilDeactivatedAsync(run.RunId, timeout.Token);

        var refused = await Assert.ThrowsAsync<ResponseRefusedException>(() => run.RespondAsync("not a verdict", cancellationToken: timeout.Token));
        Assert.Contains(typeof(Verdict).FullName!, refused.Message, StringComparison.Ordinal);
        Assert.Equal("waiting", _cluster.Store.Load(run.RunId).Status);

        await run.RespondAsync(new Verdict(true, 100), cancellationToken: timeout.Token);
        var outcome = await run.WaitForResultAsync(timeout.Token);

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        Assert.Equal(Expected.GatedFiveSteps(3, new Verdict(true, 100)), outcome.Output!.Value);
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => run.RespondAsync(new Verdict(false, 0), cancellationToken: timeout.Token));
        Assert.Contains("already completed", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delay_releases_the_run_and_the_recovery_scan_continues_it_in_its_grain_when_due()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var run = await _cluster.Workflows.StartAsync(Delayed.Definition, new Work("delayed", 10), cancellationToken: timeout.Token);

        var wait = await run.UntilWaitingAsync(timeout.Token);
        Assert.Equal(RunWait.Timer, wait!.Kind);
        var outcome = await run.WaitForResultAsync(timeout.Token);

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        Assert.Equal(22, outcome.Output!.Value);
        var resumed = _cluster.Store.ReadEvents(run.RunId).Single(e => e.Kind == RunEventKind.Resumed);
        Assert.Equal("timer", resumed.Detail);
        Assert.True(resumed.At >= wait.DueAt, $"continued at {resumed.At:O}, before the timer was due at {wait.DueAt:O}");
    }

    [Fact]
    public async Task A_run_whose_writer_died_after_its_first_step_is_continued_by_a_grain_without_running_that_step_again()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var runId = "orphan-" + Guid.NewGuid().ToString("N");
        var json = AIJsonUtilities.DefaultOptions;
        var definition = FiveSteps.Definition;

        // What a worker that died after step 1 leaves: a running record with one step, and its claim released (as
        // when its lease ran out).
        using (var claim = _cluster.Store.Create(new RunRecord(
            runId, definition.Id, definition.Strategy, "running", DateTimeOffset.UtcNow, null, JsonSerializer.Serialize(new Work("orphan", 1), json),
            Array.Empty<StepRecord>(), Array.Empty<string>(), definition.Fingerprint, definition.Diagram)))
        {
            claim.StepStarted(definition.Id, 1, "add_one", StepKind.Agent);
            claim.StepFinished(new StepRecord(
                definition.Id, 1, "add_one", "agent", "completed", 1, 1, null, TokenUsage.None, null, JsonSerializer.Serialize(new Work("orphan", 2), json), null));
        }

        var outcome = await _cluster.Workflows.Get(definition, runId).WaitForResultAsync(timeout.Token);

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        Assert.Equal(Expected.FiveSteps(1), outcome.Output!.Value);
        Assert.Equal("recovery", _cluster.Store.ReadEvents(runId).Single(e => e.Kind == RunEventKind.Resumed).Detail);
        var ran = SideEffects.Read(_cluster.SideEffectsPath).Where(e => e.RunId == runId && e.What == "done").Select(e => e.StepId);
        Assert.Equal(new[] { "double", "add_three", "times_five", "minus_seven" }, ran);
    }

    [Fact]
    public async Task A_client_whose_workflow_differs_from_the_silos_is_refused_with_both_fingerprints()
    {
        var other = new WorkflowDefinition<Work, Work>(
            FiveSteps.Id, "sequential", new[] { WorkflowStep.Agent("add_one") }, static (input, run, token) => throw new InvalidOperationException("never run"));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _cluster.Workflows.StartAsync(other, new Work("skew", 1)));

        Assert.Contains("differs from the caller's", refused.Message, StringComparison.Ordinal);
        Assert.Contains(FiveSteps.Definition.Fingerprint, refused.Message, StringComparison.Ordinal);
        Assert.Contains(other.Fingerprint, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_run_id_an_unknown_run_and_a_run_that_is_not_waiting_are_refused_with_the_runtimes_exceptions()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var first = await _cluster.Workflows.StartAsync(FiveSteps.Definition, new Work("taken", 1), cancellationToken: timeout.Token);
        await first.WaitForResultAsync(timeout.Token);

        var taken = await Assert.ThrowsAsync<InvalidOperationException>(() => _cluster.Workflows.StartAsync(FiveSteps.Definition, new Work("again", 1), first.RunId, timeout.Token));
        Assert.Contains("already has records", taken.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<KeyNotFoundException>(() => _cluster.Workflows.Get(GatedFiveSteps.Definition, "no-such-run").RespondAsync(new Verdict(true, 1), cancellationToken: timeout.Token));
        Assert.Contains("no-such-run", unknown.Message, StringComparison.Ordinal);

        var notWaiting = await Assert.ThrowsAsync<InvalidOperationException>(() => _cluster.Workflows.Get(GatedFiveSteps.Definition, first.RunId).RespondAsync(new Verdict(true, 1), cancellationToken: timeout.Token));
        Assert.Contains("is a run of workflow 'five_steps'", notWaiting.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_spread_over_both_silos_and_each_grain_says_where_it_is()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var runs = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _cluster.Workflows.StartAsync(GatedFiveSteps.Definition, new Work("spread " + i, i), cancellationToken: timeout.Token)));
        foreach (var run in runs)
        {
            await run.UntilWaitingAsync(timeout.Token);
        }

        var where = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var location = await run.LocateAsync(timeout.Token);
            Assert.False(location.Executing);
            where.Add(location.Silo);
            await run.RespondAsync(new Verdict(false, 0), cancellationToken: timeout.Token);
        }

        Assert.Equal(2, where.Count);
        foreach (var run in runs)
        {
            Assert.True((await run.WaitForResultAsync(timeout.Token)).Succeeded);
        }
    }

    /// <summary>Waits until no silo holds an activation of the run's grain.</summary>
    private async Task UntilDeactivatedAsync(string runId, CancellationToken cancellationToken)
    {
        var grain = _cluster.Cluster.Client.GetGrain<IRunGrain>(runId).GetGrainId();
        while (_cluster.Cluster.TryGetGrainContext(grain, out _))
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
