using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;

namespace Orchestration.Runtime.Tests;

/// <summary>What a run does when its store cannot be written: a store that throws, a full disk, a read-only root.</summary>
public sealed class StoreFailureTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orchestration-storefail-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static WorkflowDefinition<string, int> Chain(List<string> calls)
    {
        var first = TestAgents.Sync<string, string>("first", s => { calls.Add("first"); return s + "1"; });
        var second = TestAgents.Sync<string, string>("second", s => { calls.Add("second"); return s + "2"; });
        var third = TestAgents.Sync<string, int>("third", s => { calls.Add("third"); return s.Length; });
        return new WorkflowDefinition<string, int>(
            "chain",
            "sequential",
            [WorkflowStep.Agent("first"), WorkflowStep.Agent("second"), WorkflowStep.Agent("third")],
            async (input, run, token) =>
            {
                var a = await run.RunAgentAsync(1, first, input, token);
                if (!a.Succeeded)
                {
                    return run.Fail<int>(a);
                }

                var b = await run.RunAgentAsync(2, second, a.Output!, token);
                if (!b.Succeeded)
                {
                    return run.Fail<int>(b);
                }

                var c = await run.RunAgentAsync(3, third, b.Output!, token);
                return c.Succeeded ? run.Complete(c.Output) : run.Fail<int>(c);
            });
    }

    [Fact]
    public async Task A_store_that_throws_ends_the_run_and_its_claim_and_the_record_says_what_failed()
    {
        using var files = new FileRunStore(_root);
        var store = new FaultyStore(files) { FailStepFinished = 2 };
        var calls = new List<string>();
        var workflow = Chain(calls);

        var result = await WorkflowRun.RunAsync(workflow, "x", options: new WorkflowRunOptions { RunId = "r", Store = store });

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal("the run store failed, so the run stopped: disk full (simulated) while recording step 2 'second'", result.Errors[0]);
        Assert.Equal(["first", "second"], calls);
        var record = files.Load("r");
        Assert.Equal("failed", record.Status);
        Assert.Equal(result.Errors, record.Errors);
        Assert.Equal(["first"], record.Steps.Select(s => s.StepId));

        // The claim was released: the same process resumes the run at once, and the store works again.
        store.FailStepFinished = 0;
        var resumed = await WorkflowRun.ResumeAsync(workflow, "r", null, new WorkflowRunOptions { Store = store });
        Assert.Equal(WorkflowStatus.Completed, resumed.Status);
        Assert.Equal(["first", "second", "second", "third"], calls);
    }

    [Fact]
    public async Task When_the_store_cannot_record_its_own_failure_the_run_throws_and_stays_resumable()
    {
        using var files = new FileRunStore(_root);
        var store = new FaultyStore(files) { FailStepFinished = 2, FailFinish = true };
        var calls = new List<string>();
        var workflow = Chain(calls);

        var thrown = await Assert.ThrowsAsync<RunStoreException>(() => WorkflowRun.RunAsync(workflow, "x", options: new WorkflowRunOptions { RunId = "r", Store = store }).AsTask());

        Assert.Equal(
            "Run 'r' stopped because its store failed (disk full (simulated) while recording step 2 'second'), but its store could not record that: disk full (simulated) while finishing " +
            "Its record is as last written, so it can be continued (ResumeAsync, or the recovery service) once the store works again.",
            thrown.Message);
        Assert.Equal("r", thrown.RunId);
        Assert.Equal("running", files.Load("r").Status);

        store.FailStepFinished = 0;
        store.FailFinish = false;
        var resumed = await WorkflowRun.ResumeAsync(workflow, "r", null, new WorkflowRunOptions { Store = store });
        Assert.Equal((WorkflowStatus.Completed, 3), (resumed.Status, resumed.Output));
        Assert.True(resumed.Steps[0].Restored);
    }

    [Fact]
    public async Task A_full_disk_fails_the_run_with_the_path_and_the_record_is_resumable_once_there_is_space()
    {
        using var disk = TinyDisk.Mount(Path.Combine(_root, "tiny"), kilobytes: 64);
        var calls = new List<string>();
        var big = new string('x', 40_000);
        var writer = TestAgents.Sync<string, string>("writer", s => { calls.Add("writer"); return s + big; });
        var workflow = new WorkflowDefinition<string, int>(
            "big",
            "sequential",
            [WorkflowStep.Agent("writer"), WorkflowStep.Agent("writer")],
            async (input, run, token) =>
            {
                var a = await run.RunAgentAsync(1, writer, input, token);
                if (!a.Succeeded)
                {
                    return run.Fail<int>(a);
                }

                var b = await run.RunAgentAsync(2, writer, a.Output!, token);
                return b.Succeeded ? run.Complete(b.Output!.Length) : run.Fail<int>(b);
            });
        using var store = new FileRunStore(disk.Path);

        // The first step's output fills the disk (state.json and the step file each hold it); the second cannot be recorded.
        var outcome = await Record.ExceptionAsync(async () =>
        {
            var result = await WorkflowRun.RunAsync(workflow, "go", options: new WorkflowRunOptions { RunId = "full", Store = store });
            Assert.Equal(WorkflowStatus.Failed, result.Status);
            Assert.StartsWith("the run store failed, so the run stopped: The run store could not record step", result.Errors[0]);
            Assert.Contains("No space left on device", result.Errors[0]);
        });
        if (outcome is not null)
        {
            var thrown = Assert.IsType<RunStoreException>(outcome);
            Assert.Contains(disk.Path, thrown.Message);
            Assert.Contains("No space left on device", thrown.Message);
        }

        var record = store.Load("full");
        Assert.NotEqual("completed", record.Status);
        disk.Grow(kilobytes: 1024);
        var resumed = await WorkflowRun.ResumeAsync(workflow, "full", null, new WorkflowRunOptions { Store = store });
        Assert.Equal(WorkflowStatus.Completed, resumed.Status);
        Assert.Equal(80_002, resumed.Output);
    }

    [Fact]
    public async Task On_a_read_only_root_resume_reports_the_io_error_not_a_lock_conflict()
    {
        var calls = new List<string>();
        var workflow = Chain(calls);
        using (var store = new FileRunStore(_root))
        {
            var faulty = new FaultyStore(store) { FailStepFinished = 2 };
            await WorkflowRun.RunAsync(workflow, "x", options: new WorkflowRunOptions { RunId = "r", Store = faulty });
        }

        using (ReadOnlyDirectory.Make(_root))
        {
            using var store = new FileRunStore(_root);
            var thrown = await Assert.ThrowsAsync<RunStoreException>(() => WorkflowRun.ResumeAsync(workflow, "r", null, new WorkflowRunOptions { Store = store }).AsTask());

            Assert.StartsWith($"The run store could not take the writer's lock for run 'r' at {Path.Combine(_root, "runs", "r", "writer.lock")}: ", thrown.Message);
            Assert.Contains("Read-only file system", thrown.Message);
            Assert.Equal("failed", store.Load("r").Status);
        }
    }

    /// <summary>A store whose claims fail on demand, around a real one.</summary>
    private sealed class FaultyStore(IRunStore inner) : IRunStore
    {
        public int FailStepFinished { get; set; }

        public bool FailFinish { get; set; }

        public IRunClaim Create(RunRecord record) => new FaultyClaim(this, inner.Create(record));

        public IRunClaim Claim(string runId) => new FaultyClaim(this, inner.Claim(runId));

        public RunRecord Load(string runId) => inner.Load(runId);

        public IReadOnlyList<StoredRun> List() => inner.List();

        public IReadOnlyList<RunEvent> ReadEvents(string runId, long afterSequence = 0) => inner.ReadEvents(runId, afterSequence);

        public IReadOnlyList<StepRecord> ReadSteps(string runId) => inner.ReadSteps(runId);

        public IAsyncEnumerable<RunEvent> FollowAsync(string runId, long afterSequence = 0, CancellationToken cancellationToken = default) =>
            inner.FollowAsync(runId, afterSequence, cancellationToken);

        private sealed class FaultyClaim(FaultyStore store, IRunClaim inner) : IRunClaim
        {
            public string RunId => inner.RunId;

            public RunRecord Record => inner.Record;

            public RunHolder Holder => inner.Holder;

            public RunHolder? TakenOverFrom => inner.TakenOverFrom;

            public void Continue(string reason) => inner.Continue(reason);

            public void StepStarted(string path, int index, string stepId, StepKind kind) => inner.StepStarted(path, index, stepId, kind);

            public void StepFinished(StepRecord step)
            {
                if (store.FailStepFinished == step.Index)
                {
                    throw new IOException($"disk full (simulated) while recording step {step.Index} '{step.StepId}'");
                }

                inner.StepFinished(step);
            }

            public void Responded(StepRecord answer) => inner.Responded(answer);

            public void Suspend(RunWait wait) => inner.Suspend(wait);

            public void Finish(string status, IReadOnlyList<string> errors, string? output = null)
            {
                if (store.FailFinish)
                {
                    throw new IOException("disk full (simulated) while finishing");
                }

                inner.Finish(status, errors, output);
            }

            public void Dispose() => inner.Dispose();
        }
    }
}

/// <summary>Real parts for store failures: a tiny tmpfs that fills up, and a read-only view of a directory.</summary>
internal static class RealDisks
{
    public static void Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{file} {string.Join(' ', arguments)}' failed ({process.ExitCode}): {process.StandardError.ReadToEnd().Trim()}. " +
                "These tests mount small file systems to make real disk errors; they need root (CI runs as root) on Linux.");
        }
    }
}

/// <summary>A tmpfs of a few kilobytes, so writes fail with a real ENOSPC.</summary>
internal sealed class TinyDisk : IDisposable
{
    private TinyDisk(string path) => Path = path;

    public string Path { get; }

    public static TinyDisk Mount(string path, int kilobytes)
    {
        Directory.CreateDirectory(path);
        RealDisks.Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", path);
        return new TinyDisk(path);
    }

    public void Grow(int kilobytes) => RealDisks.Run("mount", "-o", $"remount,size={kilobytes}k", Path);

    public void Dispose() => RealDisks.Run("umount", Path);
}

/// <summary>Makes a directory read-only for everyone, root included: a read-only bind mount of itself.</summary>
internal sealed class ReadOnlyDirectory : IDisposable
{
    private readonly string _path;

    private ReadOnlyDirectory(string path) => _path = path;

    public static ReadOnlyDirectory Make(string path)
    {
        RealDisks.Run("mount", "--bind", path, path);
        try
        {
            RealDisks.Run("mount", "-o", "remount,ro,bind", path);
        }
        catch
        {
            RealDisks.Run("umount", path);
            throw;
        }

        return new ReadOnlyDirectory(path);
    }

    public void Dispose() => RealDisks.Run("umount", _path);
}
