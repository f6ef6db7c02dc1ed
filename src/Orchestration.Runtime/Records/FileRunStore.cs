using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Records;

/// <summary>
/// Run records on disk, under <c>&lt;root&gt;/runs/&lt;run_id&gt;/</c>: <c>state.json</c> (status, timings, what the run
/// waits for, every step with its output, error, tokens and cost), <c>events.jsonl</c> (one line per event,
/// append-only) and <c>steps/</c> (one file per finished step, with its log).
/// </summary>
/// <remarks>
/// <para>
/// <c>state.json</c> is replaced atomically (written aside, flushed, then moved over), so a crash leaves the previous
/// complete state, never a torn one. A new run is written in <c>&lt;root&gt;/.staging/</c> and moved into
/// <c>runs/</c> whole, so a run directory always has its state. A torn last line of <c>events.jsonl</c> (a kill
/// mid-append) is ended before the next event is appended, so no later event is lost.
/// </para>
/// <para>
/// One writer per run: a claim is an exclusive lock on <c>writer.lock</c>, which the operating system releases when
/// the process dies, so a dead writer's claim is taken over by the next one; <c>writer.json</c> says who holds it and
/// since when. The lock file stays (deleting it would let two writers lock two different files). The locks are
/// advisory locks of the local machine: keep the root on a local disk, not on a network share.
/// </para>
/// <para>Run ids cannot leave the root, and the store follows no symbolic link inside it.</para>
/// </remarks>
public sealed class FileRunStore : IRunStore, IDisposable
{
    private const string StateFile = "state.json";
    private const string EventsFile = "events.jsonl";
    private const string LockFile = "writer.lock";
    private const string HolderFile = "writer.json";
    private static readonly TimeSpan FollowPollInterval = TimeSpan.FromMilliseconds(200);

    private readonly string _runs;
    private readonly string _staging;
    private readonly HashSet<FileClaim> _claims = new();
    private TaskCompletionSource<bool> _changed = NewSignal();

    /// <summary>Creates a store under <paramref name="root"/> (by default <c>.orchestrate</c> in the current directory).</summary>
    /// <exception cref="ArgumentException">The root is empty.</exception>
    public FileRunStore(string root = ".orchestrate")
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new ArgumentException("The run store needs a root directory.", nameof(root));
        }

        Root = Path.GetFullPath(root);
        _runs = Path.Combine(Root, "runs");
        _staging = Path.Combine(Root, ".staging");
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
    public IRunClaim Create(RunRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        var directory = RunDirectory(record.RunId);
        RefuseLink(_runs, record.RunId);
        if (Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Run '{record.RunId}' already has records in {directory}; choose another run id.");
        }

        FileClaim? claim = null;
        var staged = Path.Combine(_staging, record.RunId + "-" + Guid.NewGuid().ToString("N"));
        try
        {
            RemoveAbandonedStaging();
            Directory.CreateDirectory(Path.Combine(staged, "steps"));
            claim = FileClaim.Take(this, staged, record.RunId, record);
            claim.AppendEvent(RunEventKind.Started, $"\"workflowId\":{Quote(record.WorkflowId)}");
            claim.Save();

            // The run appears whole or not at all; of two writers creating the same id, the second fails here.
            Directory.CreateDirectory(_runs);
            Directory.Move(staged, directory);
            claim.MovedTo(directory);
        }
        catch (Exception ex)
        {
            claim?.Dispose();
            TryDeleteDirectory(staged);
            if (Directory.Exists(directory))
            {
                throw new InvalidOperationException($"Run '{record.RunId}' already has records in {directory}; choose another run id.", ex);
            }

            if (ex is IOException or UnauthorizedAccessException)
            {
                throw StoreError(record.RunId, "create the run's records", Root, ex);
            }

            throw;
        }

        lock (_claims)
        {
            _claims.Add(claim);
        }

        Signal();
        return claim;
    }

    /// <inheritdoc />
    public IRunClaim Claim(string runId)
    {
        var directory = RunDirectory(runId);
        RefuseLink(_runs, runId);
        if (!File.Exists(Path.Combine(directory, StateFile)))
        {
            throw new KeyNotFoundException($"No run '{runId}' in {_runs}.");
        }

        var claim = FileClaim.Take(this, directory, runId, record: null);
        lock (_claims)
        {
            _claims.Add(claim);
        }

        return claim;
    }

    /// <inheritdoc />
    public RunRecord Load(string runId)
    {
        var directory = RunDirectory(runId);
        RefuseLink(_runs, runId);
        return LoadFrom(directory, runId);
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
            catch (Exception ex) when (ex is InvalidDataException or KeyNotFoundException or IOException or UnauthorizedAccessException or RunStoreException)
            {
                runs.Add(new StoredRun(id, null, ex is KeyNotFoundException
                    ? $"{directory} has no {StateFile}: it was left by a process killed while creating the run (before this version wrote new runs aside); delete the directory"
                    : ex.Message));
            }
        }

        return runs.OrderByDescending(r => r.Record?.StartedAt ?? DateTimeOffset.MinValue).ThenByDescending(r => r.RunId, StringComparer.Ordinal).ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<StepRecord> ReadSteps(string runId)
    {
        var directory = RunDirectory(runId);
        RefuseLink(_runs, runId);
        var steps = Path.Combine(directory, "steps");
        if (!File.Exists(Path.Combine(directory, StateFile)))
        {
            throw new KeyNotFoundException($"No run '{runId}' in {_runs}.");
        }

        // Files are numbered in the order the steps finished.
        var records = new List<StepRecord>();
        foreach (var file in Directory.GetFiles(steps, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            RefuseLink(steps, Path.GetFileName(file));
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file, Encoding.UTF8));
                records.Add(StepRecord.Read(document.RootElement));
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{file} is not a valid step record ({ex.Message}); the run's state.json and events.jsonl are untouched.", ex);
            }
        }

        return records;
    }

    /// <inheritdoc />
    public IReadOnlyList<RunEvent> ReadEvents(string runId, long afterSequence = 0)
    {
        var events = new List<RunEvent>();
        var reader = new EventReader(EventsPath(runId), runId);
        reader.ReadNew(afterSequence, events);
        return events;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RunEvent> FollowAsync(string runId, long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = new EventReader(EventsPath(runId), runId);
        var batch = new List<RunEvent>();
        while (true)
        {
            // Taken before reading, so that an event written while reading still wakes the next wait.
            var changed = Volatile.Read(ref _changed).Task;
            batch.Clear();
            reader.ReadNew(afterSequence, batch);
            foreach (var item in batch)
            {
                yield return item;
                if (item.Kind == RunEventKind.Finished)
                {
                    yield break;
                }
            }

            // Followed from after its end: a run that has finished (and was not resumed since) has nothing more to say.
            if (batch.Count == 0 && reader.LastKind == RunEventKind.Finished)
            {
                yield break;
            }

            // Writers in this process signal at once; writers in other processes are seen by polling.
            await Task.WhenAny(changed, Task.Delay(FollowPollInterval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Releases every claim still held through this store (their records stay as last written).</summary>
    public void Dispose()
    {
        FileClaim[] held;
        lock (_claims)
        {
            held = _claims.ToArray();
        }

        foreach (var claim in held)
        {
            claim.Dispose();
        }
    }

    private string EventsPath(string runId)
    {
        var directory = RunDirectory(runId);
        RefuseLink(_runs, runId);
        var path = Path.Combine(directory, EventsFile);
        if (!File.Exists(path) && !File.Exists(Path.Combine(directory, StateFile)))
        {
            throw new KeyNotFoundException($"No run '{runId}' in {_runs}.");
        }

        return path;
    }

    private static RunRecord LoadFrom(string directory, string runId)
    {
        var state = Path.Combine(directory, StateFile);
        if (!File.Exists(state))
        {
            throw new KeyNotFoundException($"No run '{runId}' in {Path.GetDirectoryName(directory)}.");
        }

        RefuseLink(directory, StateFile);
        var record = RunRecord.FromJson(File.ReadAllText(state, Encoding.UTF8), state);
        if (!string.Equals(record.RunId, runId, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"{state} says it is run '{record.RunId}', but it is in the directory of run '{runId}'. A record was copied or moved by hand; move it back to runs/{record.RunId}/ or delete it.");
        }

        return record;
    }

    /// <summary>Refuses a symbolic link at <paramref name="parent"/>/<paramref name="name"/>: the store never leaves its root through one.</summary>
    private static void RefuseLink(string parent, string name)
    {
        var path = Path.Combine(parent, name);
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (info.Exists && info.LinkTarget is { } target)
        {
            throw new RunStoreException(
                $"{path} is a symbolic link (to {target}); the run store does not follow links out of its root. Replace the link with the directory or file itself.",
                null, null);
        }
    }

    private void RemoveAbandonedStaging()
    {
        if (!Directory.Exists(_staging))
        {
            return;
        }

        foreach (var abandoned in Directory.EnumerateDirectories(_staging))
        {
            // A creation takes milliseconds and holds its lock; one older than a minute whose lock is free was abandoned
            // by a process that died while creating the run.
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(abandoned) < TimeSpan.FromMinutes(1))
            {
                continue;
            }

            try
            {
                using (new FileStream(Path.Combine(abandoned, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                {
                }

                TryDeleteDirectory(abandoned);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Still held, or already gone.
            }
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next creation to remove.
        }
    }

    private void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult(true);

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Released(FileClaim claim)
    {
        lock (_claims)
        {
            _claims.Remove(claim);
        }

        Signal();
    }

    /// <summary>
    /// Writes beside the target, flushes to disk (unless <paramref name="durable"/> is false: the holder file only informs,
    /// and the lock, not the file, is the claim), then replaces the target: readers see the old or the new file, whole.
    /// </summary>
    internal static void WriteAtomically(string path, string text, bool durable = true)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: durable);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Whether opening a lock file failed because another process holds it (rather than an I/O error).</summary>
    private static bool IsHeldElsewhere(IOException ex) => ex.HResult switch
    {
        11 or 35 => true, // EWOULDBLOCK on Linux and macOS: flock refused.
        unchecked((int)0x80070020) or unchecked((int)0x80070021) => true, // Windows sharing or lock violation.
        _ => false,
    };

    private static RunStoreException StoreError(string runId, string action, string path, Exception ex) => new(
        $"The run store could not {action} for run '{runId}' at {path}: {ex.Message.TrimEnd('.')}. " +
        "Check that the directory exists, is writable by this process and its disk has space; the run's record is as last written, so the run can be continued once the store works again.",
        runId,
        ex);

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static string Quote(string value) => "\"" + System.Text.Json.JsonEncodedText.Encode(value).ToString() + "\"";

    private static string Sanitize(string value) => new(value.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());

    private static string StepJson(StepRecord step)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            step.Write(json, withLog: true);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One held claim: the lock, the event log open for appending, and the record as last written.</summary>
    private sealed class FileClaim : IRunClaim
    {
        private readonly FileRunStore _store;
        private FileStream? _lock;
        private FileStream? _events;
        private int _stepFiles;

        private FileClaim(FileRunStore store, string directory, string runId, FileStream lockFile, RunHolder holder, RunHolder? takenOverFrom)
        {
            _store = store;
            Directory = directory;
            RunId = runId;
            _lock = lockFile;
            Holder = holder;
            TakenOverFrom = takenOverFrom;
            Record = null!;
        }

        public string RunId { get; }

        public RunRecord Record { get; private set; }

        public RunHolder Holder { get; }

        public RunHolder? TakenOverFrom { get; }

        public string Directory { get; private set; }

        /// <summary>
        /// Locks the run in <paramref name="directory"/>, says who holds it, clears what killed writers left, and reads the
        /// record under the lock (or starts it with <paramref name="record"/>).
        /// </summary>
        public static FileClaim Take(FileRunStore store, string directory, string runId, RunRecord? record)
        {
            var lockPath = Path.Combine(directory, LockFile);
            FileStream lockFile;
            try
            {
                lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex) when (IsHeldElsewhere(ex))
            {
                throw new RunClaimedException(runId, ReadHolder(directory), directory, ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw StoreError(runId, "take the writer's lock", lockPath, ex);
            }

            FileClaim? claim = null;
            try
            {
                // A holder file left behind means its writer died holding the run: this claim takes it over.
                var previous = record is null ? ReadHolder(directory) : null;
                claim = new FileClaim(store, directory, runId, lockFile, RunHolder.Current(), previous);
                WriteAtomically(Path.Combine(directory, HolderFile), HolderJson(claim.Holder), durable: false);
                RemoveTemporaryFiles(directory);
                claim.Record = record ?? LoadFrom(directory, runId);
                claim._stepFiles = System.IO.Directory.GetFiles(Path.Combine(directory, "steps"), "*.json").Length;
                claim.OpenEvents();
                return claim;
            }
            catch (Exception ex)
            {
                if (claim is not null)
                {
                    claim.Dispose();
                }
                else
                {
                    lockFile.Dispose();
                }

                if (ex is IOException or UnauthorizedAccessException)
                {
                    throw StoreError(runId, "claim the run", directory, ex);
                }

                throw;
            }
        }

        public void MovedTo(string directory) => Directory = directory;

        public void Continue(string reason)
        {
            lock (this)
            {
                var completed = Record.Steps.Count(s => s.Status == "completed");
                Write("record that the run continues", () =>
                {
                    Record = Record.Continue();
                    AppendEvent(RunEventKind.Resumed, $"\"reason\":{Quote(reason)},\"completedSteps\":{completed}" +
                        (TakenOverFrom is { } dead ? $",\"takenOverFrom\":{Quote(dead.ToString())}" : string.Empty));
                    Save();
                });
            }
        }

        public void StepStarted(string path, int index, string stepId, StepKind kind)
        {
            lock (this)
            {
                Write("record that a step started", () => AppendEvent(RunEventKind.StepStarted,
                    $"\"path\":{Quote(path)},\"index\":{index},\"stepId\":{Quote(stepId)},\"kind\":{Quote(KindName(kind))}"));
            }
        }

        public void StepFinished(StepRecord step)
        {
            if (step is null)
            {
                throw new ArgumentNullException(nameof(step));
            }

            lock (this)
            {
                Write($"record step {step.Index} '{step.StepId}'", () =>
                {
                    WriteStep(step);
                    AppendEvent(RunEventKind.StepFinished, StepFields(step));
                    Save();
                });
            }
        }

        public void Responded(StepRecord answer)
        {
            if (answer is null)
            {
                throw new ArgumentNullException(nameof(answer));
            }

            lock (this)
            {
                Write($"record the response to '{answer.StepId}'", () =>
                {
                    WriteStep(answer);
                    Record = Record.Continue();
                    AppendEvent(RunEventKind.Responded, StepFields(answer));
                    Save();
                });
            }
        }

        public void Suspend(RunWait wait)
        {
            if (wait is null)
            {
                throw new ArgumentNullException(nameof(wait));
            }

            lock (this)
            {
                Write($"record that the run waits for '{wait.StepId}'", () =>
                {
                    Record = Record.Suspend(wait);
                    AppendEvent(RunEventKind.Waiting,
                        $"\"kind\":{Quote(wait.Kind)},\"path\":{Quote(wait.Path)},\"index\":{wait.Index},\"stepId\":{Quote(wait.StepId)}" +
                        (wait.DueAt is { } due ? $",\"dueAt\":\"{due.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}\"" : string.Empty));
                    Save();
                });
                Dispose();
            }
        }

        public void Finish(string status, IReadOnlyList<string> errors, string? output = null)
        {
            lock (this)
            {
                Write($"record that the run {status}", () =>
                {
                    Record = Record.Finish(status, DateTimeOffset.UtcNow, errors ?? Array.Empty<string>(), output);
                    AppendEvent(RunEventKind.Finished, $"\"status\":{Quote(status)}");
                    Save();
                });
                Dispose();
            }
        }

        public void Dispose()
        {
            lock (this)
            {
                if (_lock is null)
                {
                    return;
                }

                _events?.Dispose();
                _events = null;
                try
                {
                    // Said before the lock is released, so that nobody reads a holder that no longer holds it.
                    File.Delete(Path.Combine(Directory, HolderFile));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The next claim reads a stale holder and reports a takeover: harmless.
                }

                _lock.Dispose();
                _lock = null;
            }

            _store.Released(this);
        }

        public void Save() => WriteAtomically(Path.Combine(Directory, StateFile), Record.ToJson());

        public void AppendEvent(RunEventKind kind, string fields)
        {
            var events = _events ?? throw new InvalidOperationException($"Run '{RunId}': the claim was released; a released claim cannot write.");
            var line = Encoding.UTF8.GetBytes($"{{\"event\":\"{EventReader.Name(kind)}\",\"at\":\"{Now()}\",{fields}}}\n");
            events.Write(line, 0, line.Length);
            events.Flush();
        }

        private void Write(string action, Action write)
        {
            if (_lock is null)
            {
                throw new InvalidOperationException($"Run '{RunId}': the claim was released (the run finished, waits, or its writer gave it up); a released claim cannot write.");
            }

            try
            {
                write();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw StoreError(RunId, action, Directory, ex);
            }

            // Followers in this process are woken once the whole write is done: one woken by an event then reads a
            // state that already says what the event says (a run page refreshed on "finished" shows it finished).
            _store.Signal();
        }

        private void WriteStep(StepRecord step)
        {
            Record = Record.WithStep(step);
            _stepFiles++;
            var name = $"{_stepFiles:0000}-{Sanitize(step.Path)}-{step.Index}-{Sanitize(step.StepId)}.json";
            WriteAtomically(Path.Combine(Directory, "steps", name), StepJson(step));
        }

        private void OpenEvents()
        {
            var path = Path.Combine(Directory, EventsFile);
            RefuseLink(Directory, EventsFile);
            _events = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            if (_events.Length > 0 && EndsTorn(path))
            {
                // A writer killed mid-append left half a line: end it, so the next event starts a line of its own.
                _events.WriteByte((byte)'\n');
                _events.Flush();
            }
        }

        private static bool EndsTorn(string path)
        {
            using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            read.Seek(-1, SeekOrigin.End);
            return read.ReadByte() != '\n';
        }

        private static string StepFields(StepRecord step) =>
            $"\"path\":{Quote(step.Path)},\"index\":{step.Index},\"stepId\":{Quote(step.StepId)},\"kind\":{Quote(step.Kind)},\"status\":{Quote(step.Status)}" +
            (step.Error is null ? string.Empty : $",\"error\":{Quote(step.Error)}");

        private static void RemoveTemporaryFiles(string directory)
        {
            foreach (var folder in new[] { directory, Path.Combine(directory, "steps") })
            {
                if (!System.IO.Directory.Exists(folder))
                {
                    continue;
                }

                foreach (var temporary in System.IO.Directory.EnumerateFiles(folder, "*.tmp"))
                {
                    File.Delete(temporary);
                }
            }
        }

        private static RunHolder? ReadHolder(string directory)
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, HolderFile)));
                var root = document.RootElement;
                return new RunHolder(
                    root.GetProperty("host").GetString() ?? "?",
                    root.GetProperty("processId").GetInt32(),
                    root.GetProperty("since").GetDateTimeOffset(),
                    root.GetProperty("claimId").GetString() ?? "?");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // No holder file (nobody held it, or it is being written): the claim is reported without a name.
                return null;
            }
        }

        private static string HolderJson(RunHolder holder) =>
            $"{{\"host\":{Quote(holder.Host)},\"processId\":{holder.ProcessId},\"since\":\"{holder.Since.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}\",\"claimId\":{Quote(holder.ClaimId)}}}\n";

        private static string KindName(StepKind kind) => kind switch
        {
            StepKind.Agent => "agent",
            StepKind.Workflow => "workflow",
            StepKind.Wait => "wait",
            _ => "timer",
        };
    }

    /// <summary>Reads <c>events.jsonl</c> from where it last stopped: whole lines only, each numbered by its position.</summary>
    private sealed class EventReader
    {
        private readonly string _path;
        private readonly string _runId;
        private long _offset;
        private long _sequence;

        public EventReader(string path, string runId)
        {
            _path = path;
            _runId = runId;
        }

        /// <summary>The kind of the last whole event read so far, or <see langword="null"/>.</summary>
        public RunEventKind? LastKind { get; private set; }

        public static string Name(RunEventKind kind) => kind switch
        {
            RunEventKind.Started => "run_started",
            RunEventKind.StepStarted => "step_started",
            RunEventKind.StepFinished => "step_finished",
            RunEventKind.Waiting => "waiting",
            RunEventKind.Responded => "responded",
            RunEventKind.Resumed => "run_resumed",
            _ => "run_finished",
        };

        public void ReadNew(long afterSequence, List<RunEvent> into)
        {
            if (!File.Exists(_path))
            {
                return;
            }

            using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length <= _offset)
            {
                return;
            }

            stream.Seek(_offset, SeekOrigin.Begin);
            var bytes = new byte[stream.Length - _offset];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = stream.Read(bytes, read, bytes.Length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (bytes[i] != '\n')
                {
                    continue;
                }

                _sequence++;
                if (Parse(bytes.AsSpan(start, i - start), _sequence) is { } parsed)
                {
                    LastKind = parsed.Kind;
                    if (_sequence > afterSequence)
                    {
                        into.Add(parsed);
                    }
                }

                start = i + 1;
            }

            // A line still being written (no newline yet) is read whole next time.
            _offset += start;
        }

        private RunEvent? Parse(ReadOnlySpan<byte> line, long sequence)
        {
            try
            {
                var reader = new System.Text.Json.Utf8JsonReader(line);
                using var document = System.Text.Json.JsonDocument.ParseValue(ref reader);
                var root = document.RootElement;
                var kind = root.GetProperty("event").GetString() switch
                {
                    "run_started" => RunEventKind.Started,
                    "step_started" => RunEventKind.StepStarted,
                    "step_finished" => RunEventKind.StepFinished,
                    "waiting" => RunEventKind.Waiting,
                    "responded" => RunEventKind.Responded,
                    "run_resumed" => RunEventKind.Resumed,
                    "run_finished" => RunEventKind.Finished,
                    _ => (RunEventKind?)null,
                };
                if (kind is null)
                {
                    return null;
                }

                return new RunEvent(_runId, sequence, kind.Value, root.GetProperty("at").GetDateTimeOffset())
                {
                    Path = Text(root, "path"),
                    Index = root.TryGetProperty("index", out var index) ? index.GetInt32() : null,
                    StepId = Text(root, "stepId"),
                    Status = Text(root, "status"),
                    Detail = kind switch
                    {
                        RunEventKind.Started => Text(root, "workflowId"),
                        RunEventKind.Resumed => Text(root, "reason") ?? "resume",
                        RunEventKind.Waiting => Text(root, "dueAt") is { } due ? (Text(root, "kind") == RunWait.Timer ? "due at " : "deadline ") + due : null,
                        RunEventKind.StepFinished => Text(root, "error"),
                        _ => null,
                    },
                };
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // A line torn by a killed writer: skipped, but still counted, so sequence numbers stay stable.
                return null;
            }

            static string? Text(System.Text.Json.JsonElement root, string name) =>
                root.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
        }
    }
}
