using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Orchestration;

/// <summary>
/// Run records on disk, under <c>&lt;root&gt;/runs/&lt;run_id&gt;/</c>: <c>state.json</c> (status, timings, every step with its
/// output, error, tokens and cost), <c>events.jsonl</c> (one line per event, append-only) and <c>steps/</c> (one file
/// per finished step). <c>state.json</c> is replaced atomically (written aside, flushed, then moved over), so a crash
/// leaves the previous complete state, never a torn one. A run has one writer at a time, held by a lock file; run ids
/// cannot leave the root.
/// </summary>
public sealed class FileRunStore : IRunStore, IDisposable
{
    private readonly string _runs;
    private readonly Dictionary<string, Writer> _writers = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Creates a store under <paramref name="root"/> (by default <c>.orchestrate</c> in the current directory).</summary>
    public FileRunStore(string root = ".orchestrate")
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new ArgumentException("The run store needs a root directory.", nameof(root));
        }

        Root = Path.GetFullPath(root);
        _runs = Path.Combine(Root, "runs");
    }

    /// <summary>The store's root directory.</summary>
    public string Root { get; }

    /// <summary>The directory of run <paramref name="runId"/>.</summary>
    /// <exception cref="ArgumentException">The id is not a valid run id, or would leave the root.</exception>
    public string RunDirectory(string runId)
    {
        if (runId is null || !RunIds.IsValid(runId))
        {
            throw new ArgumentException($"Run id '{runId}' is not valid: use 1 to 128 letters, digits, '-', '_' or '.', not starting with '.'.", nameof(runId));
        }

        var directory = Path.GetFullPath(Path.Combine(_runs, runId));
        if (!directory.StartsWith(_runs + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Run id '{runId}' would leave the run store's root ({_runs}).", nameof(runId));
        }

        return directory;
    }

    /// <inheritdoc />
    public void RunStarted(RunRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        var directory = RunDirectory(record.RunId);
        Directory.CreateDirectory(Path.Combine(directory, "steps"));
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(directory, "writer.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"Run '{record.RunId}' is being written by another process ({directory}); a run has one writer at a time.", ex);
        }

        if (File.Exists(Path.Combine(directory, "state.json")))
        {
            lockFile.Dispose();
            throw new InvalidOperationException($"Run '{record.RunId}' already has records in {directory}; choose another run id.");
        }

        var writer = new Writer(directory, lockFile, record);
        lock (_gate)
        {
            _writers[record.RunId] = writer;
        }

        lock (writer)
        {
            writer.Append($"{{\"event\":\"run_started\",\"at\":\"{Now()}\",\"workflowId\":{Quote(record.WorkflowId)}}}");
            writer.Save();
        }
    }

    /// <inheritdoc />
    public RunRecord RunResumed(string runId)
    {
        var directory = RunDirectory(runId);
        var record = Load(runId);
        FileStream lockFile;
        try
        {
            // A writer that died (a killed process) released its lock with it; a live one still holds it.
            lockFile = new FileStream(Path.Combine(directory, "writer.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"Run '{runId}' is being written by another process ({directory}); a run has one writer at a time.", ex);
        }

        var writer = new Writer(directory, lockFile, record.Resume()) { StepCount = Directory.GetFiles(Path.Combine(directory, "steps"), "*.json").Length };
        lock (_gate)
        {
            _writers[runId] = writer;
        }

        lock (writer)
        {
            writer.Append($"{{\"event\":\"run_resumed\",\"at\":\"{Now()}\",\"completedSteps\":{record.Steps.Count(s => s.Status == "completed")}}}");
            writer.Save();
        }

        return record;
    }

    /// <inheritdoc />
    public void StepFinished(string runId, StepRecord step)
    {
        if (step is null)
        {
            throw new ArgumentNullException(nameof(step));
        }

        var writer = WriterOf(runId);
        lock (writer)
        {
            writer.Record = writer.Record.WithStep(step);
            writer.StepCount++;
            var name = $"{writer.StepCount:0000}-{Sanitize(step.Path)}-{step.Index}-{Sanitize(step.StepId)}.json";
            WriteAtomically(Path.Combine(writer.Directory, "steps", name), StepJson(step));
            writer.Append($"{{\"event\":\"step_finished\",\"at\":\"{Now()}\",\"path\":{Quote(step.Path)},\"index\":{step.Index},\"stepId\":{Quote(step.StepId)},\"status\":{Quote(step.Status)}}}");
            writer.Save();
        }
    }

    /// <inheritdoc />
    public void RunFinished(string runId, string status, IReadOnlyList<string> errors)
    {
        var writer = WriterOf(runId);
        lock (writer)
        {
            writer.Record = writer.Record.Finish(status, DateTimeOffset.UtcNow, errors ?? Array.Empty<string>());
            writer.Append($"{{\"event\":\"run_finished\",\"at\":\"{Now()}\",\"status\":{Quote(status)}}}");
            writer.Save();
            writer.Dispose();
        }

        lock (_gate)
        {
            _writers.Remove(runId);
        }
    }

    /// <inheritdoc />
    public RunRecord Load(string runId)
    {
        var state = Path.Combine(RunDirectory(runId), "state.json");
        if (!File.Exists(state))
        {
            throw new KeyNotFoundException($"No run '{runId}' in {_runs}.");
        }

        return RunRecord.FromJson(File.ReadAllText(state, Encoding.UTF8), state);
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredRun> List()
    {
        if (!Directory.Exists(_runs))
        {
            return Array.Empty<StoredRun>();
        }

        var runs = new List<StoredRun>();
        foreach (var directory in Directory.EnumerateDirectories(_runs))
        {
            var id = Path.GetFileName(directory);
            if (!RunIds.IsValid(id))
            {
                continue;
            }

            try
            {
                runs.Add(new StoredRun(id, Load(id), null));
            }
            catch (Exception ex) when (ex is InvalidDataException or KeyNotFoundException or IOException)
            {
                runs.Add(new StoredRun(id, null, ex.Message));
            }
        }

        return runs.OrderByDescending(r => r.Record?.StartedAt ?? DateTimeOffset.MinValue).ThenByDescending(r => r.RunId, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Releases every run still being written (their records stay as last saved).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var writer in _writers.Values)
            {
                writer.Dispose();
            }

            _writers.Clear();
        }
    }

    private Writer WriterOf(string runId)
    {
        lock (_gate)
        {
            return _writers.TryGetValue(runId, out var writer)
                ? writer
                : throw new InvalidOperationException($"Run '{runId}' was not started in this store (RunStarted was not called, or the run already finished).");
        }
    }

    /// <summary>Writes beside the target, flushes to disk, then replaces the target: readers see the old or the new file, whole.</summary>
    internal static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string StepJson(StepRecord step)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            step.Write(json, withLog: true);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static string Quote(string value) => "\"" + System.Text.Json.JsonEncodedText.Encode(value).ToString() + "\"";

    private static string Sanitize(string value) => new(value.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());

    private sealed class Writer : IDisposable
    {
        private readonly FileStream _lock;
        private readonly StreamWriter _events;

        public Writer(string directory, FileStream lockFile, RunRecord record)
        {
            Directory = directory;
            _lock = lockFile;
            Record = record;
            _events = new StreamWriter(new FileStream(Path.Combine(directory, "events.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        }

        public string Directory { get; }

        public RunRecord Record { get; set; }

        public int StepCount { get; set; }

        public void Append(string line)
        {
            _events.Write(line);
            _events.Write('\n');
            _events.Flush();
        }

        public void Save() => WriteAtomically(Path.Combine(Directory, "state.json"), Record.ToJson());

        public void Dispose()
        {
            _events.Dispose();
            _lock.Dispose();
            try
            {
                File.Delete(Path.Combine(Directory, "writer.lock"));
            }
            catch (IOException)
            {
                // Another writer may already hold it again; the lock file is only a marker.
            }
        }
    }
}
