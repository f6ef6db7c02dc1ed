using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;

namespace Orchestration.Runtime.Tests;

/// <summary>
/// Runs the <c>ResumeHost</c> program as a real process, kills it while its second step is running, and resumes the
/// run in a new process.
/// </summary>
public sealed class KillAndResumeTests : IDisposable
{
    private static readonly string Host = typeof(KillAndResumeTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ResumeHost").Value!;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "orchestration-kill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_killed_run_resumes_in_a_new_process_without_rerunning_completed_steps()
    {
        Assert.True(File.Exists(Host), $"The host program was not built at {Host}.");
        var killedRoot = Path.Combine(_root, "killed");
        var cleanRoot = Path.Combine(_root, "clean");
        Directory.CreateDirectory(killedRoot);
        Directory.CreateDirectory(cleanRoot);

        // 1. Start a run whose second step hangs, wait until the first step is on disk and the second has started, kill it.
        using (var doomed = Start("run", killedRoot, "edition-7", "rust rocks", hangAt: "draft"))
        {
            await WaitUntil(() => Calls(killedRoot).Contains("draft edition-7"), doomed);
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync();
        }

        using (var store = new FileRunStore(killedRoot))
        {
            var killed = store.Load("edition-7");
            Assert.Equal("running", killed.Status);
            Assert.Equal([("outline", "completed")], killed.Steps.Select(s => (s.StepId, s.Status)));
        }

        Assert.Equal(["outline", "draft edition-7"], Calls(killedRoot));

        // 2. Resume it in a new process.
        var (resumedCode, resumedOutput) = await RunToEnd(Start("resume", killedRoot, "edition-7"));

        // 3. The same workflow, uninterrupted, in another store.
        var (cleanCode, cleanOutput) = await RunToEnd(Start("run", cleanRoot, "edition-7", "rust rocks"));

        Assert.Equal((0, "Completed 6 restored=1"), (resumedCode, resumedOutput));
        Assert.Equal((0, "Completed 6 restored=0"), (cleanCode, cleanOutput));
        Assert.Equal(["outline", "draft edition-7", "draft edition-7", "word_count"], Calls(killedRoot));
        using (var store = new FileRunStore(killedRoot))
        {
            var resumed = store.Load("edition-7");
            Assert.Equal("completed", resumed.Status);
            Assert.Equal(
                [("outline", "completed", "\"outline of rust rocks\""), ("draft", "completed", "\"DRAFT FROM OUTLINE OF RUST ROCKS\""), ("word_count", "completed", "6")],
                resumed.Steps.Select(s => (s.StepId, s.Status, s.Output)));
        }

        Assert.False(File.Exists(Path.Combine(killedRoot, "runs", "edition-7", "writer.json")));
        using (var store = new FileRunStore(killedRoot))
        {
            var resumedEvent = store.ReadEvents("edition-7").Single(e => e.Kind == RunEventKind.Resumed);
            Assert.Equal("resume", resumedEvent.Detail);
        }
    }

    [Theory]
    [InlineData(2, 50)]
    [InlineData(4, 80)]
    public async Task Processes_resuming_the_same_run_at_the_same_moment_let_exactly_one_proceed_every_time(int processes, int intervalMs)
    {
        const int Tries = 200;
        Assert.True(File.Exists(Host), $"The host program was not built at {Host}.");
        var root = Path.Combine(_root, $"race-{processes}");
        Directory.CreateDirectory(root);
        var (prepared, preparation) = await RunToEnd(StartWith("prepare", root, Tries.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(prepared == 0, preparation);

        // Every racer resumes race-i at the same instant: start + i × interval.
        var start = DateTimeOffset.UtcNow.AddSeconds(8).ToUnixTimeMilliseconds();
        var racers = Enumerable.Range(0, processes)
            .Select(_ => RunToEnd(StartWith("race", root, Tries.ToString(System.Globalization.CultureInfo.InvariantCulture), start.ToString(System.Globalization.CultureInfo.InvariantCulture), intervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .ToArray();
        var lines = (await Task.WhenAll(racers)).SelectMany(r =>
        {
            Assert.Equal(0, r.ExitCode);
            return r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }).ToArray();

        Assert.DoesNotContain(lines, l => l.Contains(" error ", StringComparison.Ordinal));
        var held = 0;
        using var store = new FileRunStore(root);
        var calls = Calls(root);
        for (var i = 0; i < Tries; i++)
        {
            var outcomes = lines.Where(l => l.StartsWith($"race-{i} ", StringComparison.Ordinal)).Select(l => l[$"race-{i} ".Length..]).ToArray();
            Assert.Equal(processes, outcomes.Length);
            Assert.True(outcomes.Count(o => o.StartsWith("proceeded", StringComparison.Ordinal)) == 1, $"race-{i}: {string.Join(", ", outcomes)}");
            Assert.Contains("proceeded Completed", outcomes);
            Assert.All(outcomes.Where(o => !o.StartsWith("proceeded", StringComparison.Ordinal)), o => Assert.True(o is "refused held" or "refused completed", o));
            held += outcomes.Count(o => o == "refused held") > 0 ? 1 : 0;

            // The failed draft ran once when the run was prepared, and once more in the only racer that proceeded.
            Assert.Equal(2, calls.Count(c => c == $"draft race-{i}"));
            Assert.Equal("completed", store.Load($"race-{i}").Status);
        }

        // The racers really met: in many tries one of them found the run held by another.
        Assert.True(held >= Tries / 10, $"only {held} of {Tries} tries had a racer refused because another held the run; the race was not exercised");
    }

    [Fact]
    public async Task A_run_killed_while_waiting_and_before_its_timer_is_due_finishes_after_a_restart_without_rerunning_a_step()
    {
        Assert.True(File.Exists(Host), $"The host program was not built at {Host}.");
        var root = Path.Combine(_root, "gated");
        Directory.CreateDirectory(root);

        // 1. The run stops at the approval, and its process exits.
        Assert.Equal((0, "Waiting approval"), await RunToEnd(StartWith("gated", root, "g1", "rust rocks")));

        // 2. The application, with its recovery service, is killed while the run waits: the run is not touched.
        await StartAndKill(StartWith("serve", root));
        Assert.Equal("waiting", Load(root, "g1").Status);

        // 3. Another process answers: the run goes on to its delay and stops there.
        var delay = new System.Collections.Generic.Dictionary<string, string> { ["ORCHESTRATION_DELAY_SECONDS"] = "6" };
        Assert.Equal((0, "Waiting delay"), await RunToEnd(StartWith(delay, "respond", root, "g1", "true")));
        var due = Load(root, "g1").Wait!.DueAt!.Value;

        // 4. The application is killed again before the delay is due.
        await StartAndKill(StartWith("serve", root));
        Assert.True(DateTimeOffset.UtcNow < due, "The machine was too slow to kill the application before the delay was due; the test proves nothing this time.");
        Assert.Equal("waiting", Load(root, "g1").Status);

        // 5. Restarted, it continues the run when the delay is due (not from its start), and exits once the run has finished.
        Assert.Equal((0, "serving\ncompleted"), await RunToEnd(StartWith("serve", root, "g1")));
        Assert.True(DateTimeOffset.UtcNow >= due);

        Assert.Equal(["outline", "publish g1", "word_count"], Calls(root));
        var record = Load(root, "g1");
        Assert.Equal(
            [("outline", "agent", "completed"), ("approval", "wait", "completed"), ("publish", "agent", "completed"), ("delay", "timer", "completed"), ("word_count", "agent", "completed")],
            record.Steps.Select(s => (s.StepId, s.Kind, s.Status)));
        Assert.Equal("5", record.Steps[^1].Output);
        using var store = new FileRunStore(root);
        Assert.Equal(["respond", "timer"], store.ReadEvents("g1").Where(e => e.Kind == RunEventKind.Resumed).Select(e => e.Detail));
    }

    [Fact]
    public async Task A_run_killed_after_its_response_was_recorded_is_recovered_without_asking_again()
    {
        Assert.True(File.Exists(Host), $"The host program was not built at {Host}.");
        var root = Path.Combine(_root, "answered");
        Directory.CreateDirectory(root);
        Assert.Equal((0, "Waiting approval"), await RunToEnd(StartWith("gated", root, "g2", "rust rocks")));

        // The answering process hangs in the step after the wait, and is killed there.
        using (var answering = StartWith(new System.Collections.Generic.Dictionary<string, string> { ["ORCHESTRATION_HANG_AT"] = "publish" }, "respond", root, "g2", "false"))
        {
            await WaitUntil(() => Calls(root).Contains("publish g2"), answering);
            answering.Kill(entireProcessTree: true);
            await answering.WaitForExitAsync();
        }

        var killed = Load(root, "g2");
        Assert.Equal("running", killed.Status);
        Assert.Contains(killed.Steps, s => s.StepId == "approval" && s.Status == "completed" && s.Output == "{\n  \"approved\": false\n}");

        // The application recovers it: the approval is not asked for again, the step that was killed runs again.
        var fast = new System.Collections.Generic.Dictionary<string, string> { ["ORCHESTRATION_DELAY_SECONDS"] = "0.5" };
        Assert.Equal((0, "serving\ncompleted"), await RunToEnd(StartWith(fast, "serve", root, "g2")));

        Assert.Equal(["outline", "publish g2", "publish g2", "word_count"], Calls(root));
        var record = Load(root, "g2");
        Assert.Equal("\"rejected outline of rust rocks\"", record.Steps.Last(s => s.StepId == "publish").Output);
        using var store = new FileRunStore(root);
        Assert.Equal(["respond", "recovery", "timer"], store.ReadEvents("g2").Where(e => e.Kind == RunEventKind.Resumed).Select(e => e.Detail));
    }

    private static RunRecord Load(string root, string runId)
    {
        using var store = new FileRunStore(root);
        return store.Load(runId);
    }

    /// <summary>Starts the application, waits until it serves, and kills it.</summary>
    private static async Task StartAndKill(Process app)
    {
        using (app)
        {
            var line = await app.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal("serving", line);
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    private static string[] Calls(string root)
    {
        var path = Path.Combine(root, "calls.log");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    private static Process StartWith(params string[] arguments) => StartWith(null, arguments);

    private static Process StartWith(System.Collections.Generic.IDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new System.Collections.Generic.Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(Host);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the host program.");
    }

    private static Process Start(string verb, string root, string runId, string? input = null, string? hangAt = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Host, verb, root, runId, input }.Where(a => a is not null))
        {
            info.ArgumentList.Add(argument!);
        }

        info.Environment["ORCHESTRATION_HANG_AT"] = hangAt ?? string.Empty;
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the host program.");
    }

    private static async Task<(int ExitCode, string Output)> RunToEnd(Process process)
    {
        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(string.IsNullOrEmpty(await error), await error);
            return (process.ExitCode, (await output).Trim());
        }
    }

    private static async Task WaitUntil(Func<bool> condition, Process process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!condition())
        {
            if (process.HasExited)
            {
                Assert.Fail($"The host exited early ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()}");
            }

            Assert.True(DateTime.UtcNow < deadline, "The host did not reach the hanging step within two minutes.");
            await Task.Delay(50);
        }
    }
}
