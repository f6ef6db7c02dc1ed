using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

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
            await WaitUntil(() => Calls(killedRoot).Contains("draft"), doomed);
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync();
        }

        using (var store = new FileRunStore(killedRoot))
        {
            var killed = store.Load("edition-7");
            Assert.Equal("running", killed.Status);
            Assert.Equal([("outline", "completed")], killed.Steps.Select(s => (s.StepId, s.Status)));
        }

        Assert.Equal(["outline", "draft"], Calls(killedRoot));

        // 2. Resume it in a new process.
        var (resumedCode, resumedOutput) = await RunToEnd(Start("resume", killedRoot, "edition-7"));

        // 3. The same workflow, uninterrupted, in another store.
        var (cleanCode, cleanOutput) = await RunToEnd(Start("run", cleanRoot, "edition-7", "rust rocks"));

        Assert.Equal((0, "Completed 6 restored=1"), (resumedCode, resumedOutput));
        Assert.Equal((0, "Completed 6 restored=0"), (cleanCode, cleanOutput));
        Assert.Equal(["outline", "draft", "draft", "word_count"], Calls(killedRoot));
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

    private static string[] Calls(string root)
    {
        var path = Path.Combine(root, "calls.log");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
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
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
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
