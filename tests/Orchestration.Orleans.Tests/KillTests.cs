using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;
using Orchestration.Tests.Shared;
using WorkerHost;
using Xunit.Abstractions;

namespace Orchestration.Orleans.Tests;

/// <summary>
/// The done-when test of distributed runs, with real processes: three worker silos and PostgreSQL, 200 runs of a
/// five-step workflow in flight (a quarter of them waiting for a response), one silo killed with SIGKILL part-way. Every
/// run completes, no completed step runs twice (by the agents' own side-effect log and by the store's events), and every
/// result equals an uninterrupted run's.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class KillTests
{
    private const int Runs = 200;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StepDelay = TimeSpan.FromMilliseconds(500);

    private readonly PostgresServer _server;
    private readonly ITestOutputHelper _output;

    public KillTests(PostgresServer server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    [Fact]
    public async Task Three_silos_200_runs_one_killed_every_run_completes_once_per_step_with_the_uninterrupted_result()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var token = timeout.Token;
        await using var cluster = new ProcessCluster(_server.ConnectionString, "kill");
        try
        {
            await RunAsync(cluster, token);
        }
        catch
        {
            _output.WriteLine(cluster.Output);
            throw;
        }
    }

    private async Task RunAsync(ProcessCluster cluster, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        await cluster.StartWorkersAsync(3, Lease, Poll, StepDelay, token);
        await cluster.ConnectAsync(token);
        var startedAt = clock.Elapsed;

        // A quarter of the runs stop at an approval; half of those are answered before the kill, half after.
        var inputs = Enumerable.Range(0, Runs).Select(i => (Index: i, Gated: i % 4 == 0, Work: new Work("run " + i, i))).ToArray();
        var started = new (int Index, bool Gated, Work Work, string RunId)[Runs];
        using (var slots = new SemaphoreSlim(32))
        {
            await Task.WhenAll(inputs.Select(async input =>
            {
                await slots.WaitAsync(token);
                try
                {
                    var runId = input.Gated
                        ? (await cluster.Workflows.StartAsync(GatedFiveSteps.Definition, input.Work, cancellationToken: token)).RunId
                        : (await cluster.Workflows.StartAsync(FiveSteps.Definition, input.Work, cancellationToken: token)).RunId;
                    started[input.Index] = (input.Index, input.Gated, input.Work, runId);
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        var gated = started.Where(s => s.Gated).ToArray();
        var verdicts = gated.ToDictionary(s => s.RunId, s => new Verdict(s.Index % 8 == 0, 1000 + s.Index));

        // Answered one at a time (a follower wakes on every event of the store, so many at once load the database),
        // while the kill comes.
        var answeredEarly = Task.Run(async () =>
        {
            foreach (var run in gated.Take(gated.Length / 2))
            {
                await AnswerAsync(cluster, run.RunId, verdicts[run.RunId], token);
            }
        });

        // Kill mid-way: once about a quarter of the agent steps have finished.
        var agentSteps = Runs * 5 - gated.Length;
        while (SideEffects.Read(cluster.SideEffectsPath).Count(e => e.What == "done") < agentSteps / 4)
        {
            await Task.Delay(20, token);
        }

        var victim = cluster.Workers[1];
        var killedPid = victim.ProcessId;
        var doneBeforeKill = SideEffects.Read(cluster.SideEffectsPath).Count(e => e.What == "done");
        victim.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        var killClock = clock.Elapsed;

        await answeredEarly;
        foreach (var run in gated.Skip(gated.Length / 2))
        {
            await AnswerAsync(cluster, run.RunId, verdicts[run.RunId], token);
        }

        var outcomes = new Dictionary<string, RunOutcome<Work>>(StringComparer.Ordinal);
        foreach (var run in started)
        {
            outcomes[run.RunId] = run.Gated
                ? await cluster.Workflows.Get(GatedFiveSteps.Definition, run.RunId).WaitForResultAsync(token)
                : await cluster.Workflows.Get(FiveSteps.Definition, run.RunId).WaitForResultAsync(token);
        }

        var allDone = clock.Elapsed;

        // Every run completed with the result an uninterrupted run gives.
        var failed = outcomes.Values.Where(o => !o.Succeeded).Select(o => $"{o.RunId}: {o.Status} {string.Join("; ", o.Errors)}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed) + "\n" + cluster.Output);
        foreach (var run in started)
        {
            var expected = run.Gated ? Expected.GatedFiveSteps(run.Index, verdicts[run.RunId]) : Expected.FiveSteps(run.Index);
            Assert.Equal(new Work(run.Work.Key, expected), outcomes[run.RunId].Output);
        }

        // No completed step ran twice. By the agents' log: a step finished twice only if its first finish was in the
        // killed process and never recorded (the kill fell between the agent's return and the step's record).
        var lines = SideEffects.Read(cluster.SideEffectsPath);
        var finishes = lines.Where(l => l.What == "done").GroupBy(l => (l.RunId, l.StepId)).ToList();
        var twice = finishes.Where(g => g.Count() > 2 || (g.Count() == 2 && g.Count(l => l.ProcessId == killedPid) != 1)).ToList();
        Assert.True(twice.Count == 0, "completed twice: " + string.Join(", ", twice.Select(g => $"{g.Key.RunId}/{g.Key.StepId} by {string.Join(",", g.Select(l => l.ProcessId))}")));
        Assert.Equal(agentSteps, finishes.Count);

        // By the store's events: every step of every run was recorded exactly once (a wait's record is its response).
        var store = cluster.Workflows.Store;
        var recoveries = new List<DateTimeOffset>();
        foreach (var run in started)
        {
            var events = store.ReadEvents(run.RunId);
            var recorded = events.Where(e => e.Kind is RunEventKind.StepFinished or RunEventKind.Responded).GroupBy(e => (e.Path, e.Index)).ToList();
            Assert.Equal(5, recorded.Count);
            Assert.All(recorded, g => Assert.Single(g));
            recoveries.AddRange(events.Where(e => e.Kind == RunEventKind.Resumed && e.Detail == "recovery").Select(e => e.At));
        }

        var killedDone = lines.Where(l => l.ProcessId == killedPid && l.What == "done").Select(l => (l.RunId, l.StepId)).ToHashSet();
        var interrupted = lines.Count(l => l.ProcessId == killedPid && l.What == "start" && !killedDone.Contains((l.RunId, l.StepId)));
        var finishedTwice = finishes.Count(g => g.Count() == 2);
        Assert.NotEmpty(recoveries);
        var firstRecovery = recoveries.Min() - killedAt;
        var lastRecovery = recoveries.Max() - killedAt;
        _output.WriteLine(
            $"3 silos, {Runs} runs ({gated.Length} waiting for a response), steps of {StepDelay.TotalMilliseconds:0} ms, lease {Lease.TotalSeconds:0} s, periodic scan every {Poll.TotalSeconds:0} s, membership probes of 2 s, 2 missed, 2 votes\n" +
            $"cluster up in {startedAt.TotalSeconds:0.0} s; killed silo 2 (pid {killedPid}) at {killClock.TotalSeconds:0.0} s with {doneBeforeKill} of {agentSteps} agent steps done\n" +
            $"runs recovered from the killed silo: {recoveries.Count}; first continued {firstRecovery.TotalSeconds:0.0} s after the kill, last {lastRecovery.TotalSeconds:0.0} s\n" +
            $"steps interrupted by the kill and run again: {interrupted}; finished by the killed silo but not recorded, so run again: {finishedTwice}; completed steps run twice: 0\n" +
            $"every run completed after {allDone.TotalSeconds:0.0} s; every result equals an uninterrupted run's");
        Assert.True(lastRecovery < TimeSpan.FromSeconds(30), $"the last run continued {lastRecovery.TotalSeconds:0.0} s after the kill");
    }

    /// <summary>Waits until the run waits, then answers it; a call caught on a silo that was killed is tried again.</summary>
    private static async Task AnswerAsync(ProcessCluster cluster, string runId, Verdict verdict, CancellationToken cancellationToken)
    {
        var run = cluster.Workflows.Get(GatedFiveSteps.Definition, runId);
        await run.UntilWaitingAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await run.RespondAsync(verdict, cancellationToken: cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < 10 && ex is TimeoutException or global::Orleans.Runtime.SiloUnavailableException or global::Orleans.Runtime.OrleansMessageRejectionException)
            {
                await Task.Delay(500, cancellationToken);
            }
            catch (InvalidOperationException ex) when (attempt > 1 && ex.Message.Contains("not waiting", StringComparison.Ordinal))
            {
                // The earlier attempt was recorded; only its answer was lost with the silo.
                return;
            }
        }
    }
}
