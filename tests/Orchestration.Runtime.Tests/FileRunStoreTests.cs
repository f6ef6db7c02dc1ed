using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;

namespace Orchestration.Runtime.Tests;

/// <summary>The file store against what killed writers, hand edits and links leave behind, and its claims and event stream.</summary>
public sealed class FileRunStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orchestration-files-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static RunRecord NewRecord(string runId) => new(runId, "w", "sequential", "running", DateTimeOffset.UtcNow, null, "\"in\"", [], []);

    private static StepRecord Step(int index, string id) => new("w", index, id, "agent", "completed", 1, 1, null, TokenUsage.None, null, "\"out\"", null);

    [Fact]
    public void An_event_appended_after_a_torn_last_line_starts_a_line_of_its_own()
    {
        using var store = new FileRunStore(_root);
        store.Create(NewRecord("torn")).Dispose();
        var events = Path.Combine(store.RunDirectory("torn"), "events.jsonl");

        // A writer killed mid-append leaves half a line.
        File.AppendAllText(events, "{\"event\":\"step_fin");
        using (var claim = store.Claim("torn"))
        {
            claim.StepFinished(Step(1, "a"));
        }

        var lines = File.ReadAllLines(events);
        Assert.Equal("{\"event\":\"step_fin", lines[1]);
        Assert.Equal(
            [(1L, RunEventKind.Started, (string?)null), (3L, RunEventKind.StepFinished, "a")],
            store.ReadEvents("torn").Select(e => (e.Sequence, e.Kind, e.StepId)));
    }

    [Fact]
    public void Temporary_files_left_by_a_killed_writer_are_removed_by_the_next_claim()
    {
        using var store = new FileRunStore(_root);
        store.Create(NewRecord("tmp")).Dispose();
        var directory = store.RunDirectory("tmp");
        File.WriteAllText(Path.Combine(directory, "state.json.tmp"), "{ half");
        File.WriteAllText(Path.Combine(directory, "steps", "0001-w-1-a.json.tmp"), "{ half");

        using (store.Claim("tmp"))
        {
        }

        Assert.Empty(Directory.GetFiles(directory, "*.tmp", SearchOption.AllDirectories));
        Assert.Equal("running", store.Load("tmp").Status);
    }

    [Fact]
    public void A_run_appears_whole_and_creations_abandoned_by_killed_processes_are_removed()
    {
        using var store = new FileRunStore(_root);
        var staging = Path.Combine(_root, ".staging");
        var abandoned = Path.Combine(staging, "lost-0123");
        var recent = Path.Combine(staging, "busy-4567");
        Directory.CreateDirectory(Path.Combine(abandoned, "steps"));
        Directory.CreateDirectory(Path.Combine(recent, "steps"));
        Directory.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddMinutes(-5));

        using (var claim = store.Create(NewRecord("whole")))
        {
            // Visible at once with its state; nothing of it is left aside.
            Assert.Equal("running", store.Load("whole").Status);
            Assert.Equal("whole", claim.Record.RunId);
        }

        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(recent));
        Assert.Equal(["whole"], Directory.GetDirectories(Path.Combine(_root, "runs")).Select(Path.GetFileName));
        Assert.All(store.List(), run => Assert.Null(run.Problem));
    }

    [Fact]
    public void A_state_file_whose_run_id_differs_from_its_directory_is_refused()
    {
        using var store = new FileRunStore(_root);
        store.Create(NewRecord("original")).Dispose();
        Directory.Move(store.RunDirectory("original"), Path.Combine(_root, "runs", "copied"));

        var loaded = Assert.Throws<InvalidDataException>(() => store.Load("copied"));
        var claimed = Assert.Throws<InvalidDataException>(() => store.Claim("copied"));

        var state = Path.Combine(_root, "runs", "copied", "state.json");
        Assert.Equal($"{state} says it is run 'original', but it is in the directory of run 'copied'. A record was copied or moved by hand; move it back to runs/original/ or delete it.", loaded.Message);
        Assert.Equal(loaded.Message, claimed.Message);
        Assert.Equal(loaded.Message, Assert.Single(store.List()).Problem);
    }

    [Fact]
    public void The_store_follows_no_symbolic_link_out_of_its_root()
    {
        var outside = Path.Combine(_root, "outside");
        using (var elsewhere = new FileRunStore(outside))
        {
            elsewhere.Create(NewRecord("linked")).Dispose();
        }

        var inside = Path.Combine(_root, "inside");
        Directory.CreateDirectory(Path.Combine(inside, "runs"));
        Directory.CreateSymbolicLink(Path.Combine(inside, "runs", "linked"), Path.Combine(outside, "runs", "linked"));
        using var store = new FileRunStore(inside);

        var loaded = Assert.Throws<RunStoreException>(() => store.Load("linked"));
        Assert.Throws<RunStoreException>(() => store.Claim("linked"));

        Assert.Equal(
            $"{Path.Combine(inside, "runs", "linked")} is a symbolic link (to {Path.Combine(outside, "runs", "linked")}); the run store does not follow links out of its root. Replace the link with the directory or file itself.",
            loaded.Message);
        Assert.Equal(loaded.Message, Assert.Single(store.List()).Problem);

        // A linked state file is refused too.
        store.Create(NewRecord("own")).Dispose();
        var state = Path.Combine(store.RunDirectory("own"), "state.json");
        File.Delete(state);
        File.CreateSymbolicLink(state, Path.Combine(outside, "runs", "linked", "state.json"));
        Assert.Throws<RunStoreException>(() => store.Load("own"));
    }

    [Fact]
    public void A_claim_whose_writer_died_is_taken_over_and_the_record_says_whose_it_was()
    {
        using var store = new FileRunStore(_root);
        store.Create(NewRecord("orphan")).Dispose();
        var dead = new RunHolder("old-host", 4242, DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "abc");

        // What a killed writer leaves: its holder file, and no lock (the operating system released it with the process).
        File.WriteAllText(Path.Combine(store.RunDirectory("orphan"), "writer.json"),
            "{\"host\":\"old-host\",\"processId\":4242,\"since\":\"2026-12-01T10:00:00+00:00\",\"claimId\":\"abc\"}");
        using (var claim = store.Claim("orphan"))
        {
            Assert.Equal(dead, claim.TakenOverFrom);
            Assert.Equal(Environment.ProcessId, claim.Holder.ProcessId);
            claim.Continue("recovery");
        }

        var resumed = store.ReadEvents("orphan").Single(e => e.Kind == RunEventKind.Resumed);
        Assert.Equal("recovery", resumed.Detail);
        Assert.Contains("process 4242 on old-host", File.ReadAllLines(Path.Combine(store.RunDirectory("orphan"), "events.jsonl")).Last());
    }

    [Fact]
    public void A_released_claim_cannot_write()
    {
        using var store = new FileRunStore(_root);
        var claim = store.Create(NewRecord("done"));
        claim.Finish("completed", []);

        var thrown = Assert.Throws<InvalidOperationException>(() => claim.StepFinished(Step(1, "late")));

        Assert.Equal("Run 'done': the claim was released (the run finished, waits, or its writer gave it up); a released claim cannot write.", thrown.Message);
        Assert.Empty(store.Load("done").Steps);
    }

    [Fact]
    public async Task Following_a_run_yields_its_events_as_they_are_written_in_process_and_from_another_store_instance()
    {
        using var store = new FileRunStore(_root);
        using var reader = new FileRunStore(_root);
        var claim = store.Create(NewRecord("live"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var here = Collect(store.FollowAsync("live", cancellationToken: timeout.Token));
        var there = Collect(reader.FollowAsync("live", afterSequence: 1, cancellationToken: timeout.Token));

        claim.StepStarted("w", 1, "a", StepKind.Agent);
        await Task.Delay(100);
        Assert.False(here.IsCompleted);
        claim.StepFinished(Step(1, "a"));
        claim.Finish("completed", []);

        Assert.Equal(
            [RunEventKind.Started, RunEventKind.StepStarted, RunEventKind.StepFinished, RunEventKind.Finished],
            (await here).Select(e => e.Kind));
        Assert.Equal([2L, 3L, 4L], (await there).Select(e => e.Sequence));
        Assert.Equal("completed", (await there).Last().Status);

        // Following a finished run from after its end ends at once; from before, it yields the rest and ends.
        Assert.Empty(await Collect(reader.FollowAsync("live", afterSequence: 4, cancellationToken: timeout.Token)));
        Assert.Equal([4L], (await Collect(reader.FollowAsync("live", afterSequence: 3, cancellationToken: timeout.Token))).Select(e => e.Sequence));
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
