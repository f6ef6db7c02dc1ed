using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using Npgsql;
using Orchestration.Records;

namespace Orchestration.PostgreSql;

/// <summary>
/// A held claim on one run: a lease renewed in the background, and a fencing token every write carries. Each write is
/// one transaction that first checks the token; a claim that was taken over cannot write.
/// </summary>
internal sealed class PostgreSqlClaim : IRunClaim
{
    private readonly PostgreSqlRunStore _store;
    private readonly NpgsqlDataSource _dataSource;
    private readonly long _token;
    private readonly Timer _renewal;
    private readonly object _gate = new();
    private bool _released;
    private bool _lost;

    public PostgreSqlClaim(PostgreSqlRunStore store, NpgsqlDataSource dataSource, RunRecord record, RunHolder holder, RunHolder? takenOverFrom, long token)
    {
        _store = store;
        _dataSource = dataSource;
        _token = token;
        Record = record;
        Holder = holder;
        TakenOverFrom = takenOverFrom;
        var every = TimeSpan.FromTicks(store.Options.Lease.Ticks / 3);
        _renewal = new Timer(static state => ((PostgreSqlClaim)state!).Renew(), this, every, every);
    }

    public string RunId => Record.RunId;

    public RunRecord Record { get; private set; }

    public RunHolder Holder { get; }

    public RunHolder? TakenOverFrom { get; }

    public void Continue(string reason) =>
        Write("record that the run continues", Record.Continue(), null, RunEventKind.Resumed, detail: reason, release: false);

    public void StepStarted(string path, int index, string stepId, StepKind kind) =>
        Write("record that a step started", null, null, RunEventKind.StepStarted, path, index, stepId, release: false);

    public void StepFinished(StepRecord step)
    {
        if (step is null)
        {
            throw new ArgumentNullException(nameof(step));
        }

        Write($"record step {step.Index} '{step.StepId}'", Record.WithStep(step), step, RunEventKind.StepFinished, step.Path, step.Index, step.StepId, step.Status, step.Error, release: false);
    }

    public void Responded(StepRecord answer)
    {
        if (answer is null)
        {
            throw new ArgumentNullException(nameof(answer));
        }

        Write($"record the response to '{answer.StepId}'", Record.WithStep(answer).Continue(), answer, RunEventKind.Responded, answer.Path, answer.Index, answer.StepId, answer.Status, release: false);
    }

    public void Suspend(RunWait wait)
    {
        if (wait is null)
        {
            throw new ArgumentNullException(nameof(wait));
        }

        var due = wait.DueAt is { } at ? (wait.Kind == RunWait.Timer ? "due at " : "deadline ") + at.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : null;
        Write($"record that the run waits for '{wait.StepId}'", Record.Suspend(wait), null, RunEventKind.Waiting, wait.Path, wait.Index, wait.StepId, detail: due, release: true);
    }

    public void Finish(string status, IReadOnlyList<string> errors, string? output = null) =>
        Write($"record that the run {status}", Record.Finish(status, DateTimeOffset.UtcNow, errors ?? Array.Empty<string>(), output), null, RunEventKind.Finished, status: status, release: true);

    /// <summary>Releases the claim without writing; the lease would end by itself, so a failure here loses nothing.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_released)
            {
                return;
            }

            _released = true;
        }

        _renewal.Dispose();
        try
        {
            using var connection = _dataSource.OpenConnection();
            using var release = new NpgsqlCommand(
                $"UPDATE {_store.S}.runs SET claim_holder = NULL, claim_expires_at = NULL WHERE run_id = @run AND claim_token = @token", connection);
            release.Parameters.AddWithValue("run", RunId);
            release.Parameters.AddWithValue("token", _token);
            release.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The lease ends by itself; the next writer takes the run over then.
        }
    }

    public static string HolderJson(RunHolder holder) =>
        JsonSerializer.Serialize(new HolderRow(holder.Host, holder.ProcessId, holder.Since, holder.ClaimId), HolderRowJson.Default.HolderRow);

    public static RunHolder? ParseHolder(string json)
    {
        var row = JsonSerializer.Deserialize(json, HolderRowJson.Default.HolderRow);
        return row is null ? null : new RunHolder(row.Host, row.ProcessId, row.Since, row.ClaimId);
    }

    /// <summary>
    /// The event columns and their parameters, for a statement that appends the event (run id, sequence from
    /// <paramref name="sequence"/>, an SQL expression) and notifies followers.
    /// </summary>
    internal static string EventValues(string sequence) =>
        $"@run, {sequence}, @kind, now(), @event_path, @event_index, @event_step, @event_status, @event_detail";

    internal const string EventColumns = "run_id, seq, kind, at, path, step_index, step_id, status, detail";

    internal static void AddEventParameters(
        NpgsqlCommand command, PostgreSqlRunStore store, string runId, RunEventKind kind, string? path, int? index, string? stepId, string? status, string? detail)
    {
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("kind", kind.ToString());
        command.Parameters.Add(RecordRows.Text("event_path", path));
        command.Parameters.Add(RecordRows.Nullable("event_index", index, NpgsqlTypes.NpgsqlDbType.Integer));
        command.Parameters.Add(RecordRows.Text("event_step", stepId));
        command.Parameters.Add(RecordRows.Text("event_status", status));
        command.Parameters.Add(RecordRows.Text("event_detail", detail));
        command.Parameters.AddWithValue("channel", store.Channel);
    }

    /// <summary>
    /// One write, as one statement (one round trip, atomic without a transaction): updates the run's row to
    /// <paramref name="next"/> (when given) only while the fencing token is this claim's, and extends the lease or
    /// releases the claim; appends <paramref name="step"/> (when given) and the event, numbered from the updated row; and
    /// notifies followers. When the token is no longer this claim's, nothing is written and no row comes back.
    /// </summary>
    /// <remarks>
    /// Every statement is sent alone: Npgsql sends a command of several statements from a thread-pool task when called
    /// synchronously, which never runs while the pool is starved by blocking writes (every writer would then wait for a
    /// send that never happens, until the command times out).
    /// </remarks>
    private void Write(
        string action, RunRecord? next, StepRecord? step, RunEventKind kind, string? path = null, int? index = null, string? stepId = null,
        string? status = null, string? detail = null, bool release = false)
    {
        lock (_gate)
        {
            if (_released)
            {
                throw new InvalidOperationException($"Run '{RunId}': the claim was released (the run finished, waits, or its writer gave it up); a released claim cannot write.");
            }

            if (_lost)
            {
                throw Lost(action);
            }

            _store.Guarded(RunId, action, () =>
            {
                var s = _store.S;
                var appendStep = step is null ? string.Empty : $"""
                    , step AS (
                        INSERT INTO {s}.steps ({StepColumns})
                        SELECT @run, updated.step_count, {StepValues} FROM updated)
                    """;
                using var connection = _dataSource.OpenConnection();
                using var write = new NpgsqlCommand(
                    $"""
                    WITH updated AS (
                        UPDATE {s}.runs SET
                            status = coalesce(@status, status),
                            finished_at = CASE WHEN @state THEN @finished ELSE finished_at END,
                            errors = coalesce(@errors, errors),
                            wait = CASE WHEN @state THEN @wait ELSE wait END,
                            output = CASE WHEN @state THEN @output ELSE output END,
                            step_count = step_count + @step,
                            event_count = event_count + 1,
                            claim_holder = CASE WHEN @release THEN NULL ELSE claim_holder END,
                            claim_expires_at = CASE WHEN @release THEN NULL ELSE now() + @lease END
                        WHERE run_id = @run AND claim_token = @token
                        RETURNING event_count, step_count){appendStep}
                    , appended AS (
                        INSERT INTO {s}.events ({EventColumns})
                        SELECT {EventValues("updated.event_count")} FROM updated
                        RETURNING run_id)
                    SELECT pg_notify(@channel, run_id) FROM appended
                    """,
                    connection);
                write.Parameters.AddWithValue("token", _token);
                write.Parameters.AddWithValue("state", next is not null);
                write.Parameters.Add(RecordRows.Text("status", next?.Status));
                write.Parameters.Add(RecordRows.Nullable("finished", next?.FinishedAt, NpgsqlTypes.NpgsqlDbType.TimestampTz));
                write.Parameters.Add(RecordRows.Jsonb("errors", next is null ? null : RecordRows.ErrorsJson(next.Errors)));
                write.Parameters.Add(RecordRows.Jsonb("wait", next?.Wait is { } wait ? RecordRows.WaitJson(wait) : null));
                write.Parameters.Add(RecordRows.Jsonb("output", next?.Output));
                write.Parameters.AddWithValue("step", step is null ? 0 : 1);
                write.Parameters.AddWithValue("release", release);
                write.Parameters.AddWithValue("lease", _store.Options.Lease);
                AddEventParameters(write, _store, RunId, kind, path, index, stepId, status, detail);
                if (step is not null)
                {
                    AddStepParameters(write, step);
                }

                using var row = write.ExecuteReader();
                if (!row.Read())
                {
                    _lost = true;
                    throw Lost(action);
                }
            });

            if (next is not null)
            {
                Record = next;
            }
        }

        if (release)
        {
            lock (_gate)
            {
                _released = true;
            }

            _renewal.Dispose();
        }
    }

    private const string StepColumns =
        "run_id, seq, path, step_index, step_id, kind, status, duration_ms, attempts, confidence, input_tokens, output_tokens, cost, output, request, at_deadline, error, log";

    private const string StepValues =
        "@path, @index, @step_id, @kind_of_step, @step_status, @duration, @attempts, @confidence, @input, @output_tokens, @cost, @step_output, @request, @deadline, @error, @log";

    private static void AddStepParameters(NpgsqlCommand command, StepRecord step)
    {
        command.Parameters.AddWithValue("path", step.Path);
        command.Parameters.AddWithValue("index", step.Index);
        command.Parameters.AddWithValue("step_id", step.StepId);
        command.Parameters.AddWithValue("kind_of_step", step.Kind);
        command.Parameters.AddWithValue("step_status", step.Status);
        command.Parameters.AddWithValue("duration", step.DurationMs);
        command.Parameters.AddWithValue("attempts", step.Attempts);
        command.Parameters.Add(RecordRows.Nullable("confidence", step.Confidence, NpgsqlTypes.NpgsqlDbType.Double));
        command.Parameters.AddWithValue("input", step.Usage.InputTokens);
        command.Parameters.AddWithValue("output_tokens", step.Usage.OutputTokens);
        command.Parameters.Add(RecordRows.Nullable("cost", step.Cost, NpgsqlTypes.NpgsqlDbType.Numeric));
        command.Parameters.Add(RecordRows.Jsonb("step_output", step.Output));
        command.Parameters.Add(RecordRows.Jsonb("request", step.Request));
        command.Parameters.AddWithValue("deadline", step.AtDeadline);
        command.Parameters.Add(RecordRows.Text("error", step.Error));
        command.Parameters.Add(RecordRows.Jsonb("log", step.Log.Count == 0 ? null : RecordRows.LogJson(step.Log)));
    }

    private void Renew()
    {
        // Never waits for a write in progress (it holds the gate for a round trip, and renews the lease itself): a
        // timer callback that blocked here would hold a thread-pool thread, and many of them starve the pool.
        if (!Monitor.TryEnter(_gate))
        {
            return;
        }

        try
        {
            if (_released || _lost)
            {
                return;
            }
        }
        finally
        {
            Monitor.Exit(_gate);
        }

        try
        {
            using var connection = _dataSource.OpenConnection();
            using var renew = new NpgsqlCommand(
                $"UPDATE {_store.S}.runs SET claim_expires_at = now() + @lease WHERE run_id = @run AND claim_token = @token AND claim_holder IS NOT NULL",
                connection);
            renew.Parameters.AddWithValue("run", RunId);
            renew.Parameters.AddWithValue("token", _token);
            renew.Parameters.AddWithValue("lease", _store.Options.Lease);
            if (renew.ExecuteNonQuery() == 0 && Monitor.TryEnter(_gate))
            {
                // Lost (or released just now). A write in progress finds out for itself, through the fencing token.
                try
                {
                    _lost = !_released;
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }
        }
        catch (NpgsqlException)
        {
            // Not renewed this time; the next tick tries again, and a write finds out for sure through the fencing token.
        }
    }

    private RunStoreException Lost(string action) => new(
        $"Run '{RunId}' could not {action}: this writer's claim was taken over (its lease of {_store.Options.Lease.TotalSeconds:0.###} s ran out, so another writer claimed the run at {_store.Where}). " +
        "A writer that lost its claim cannot write; the run goes on with the writer that holds it now.",
        RunId,
        null);

    /// <summary>How a holder is kept in the <c>claim_holder</c> column.</summary>
    internal sealed record HolderRow(string Host, int ProcessId, DateTimeOffset Since, string ClaimId);
}

/// <summary>Source-generated JSON for <see cref="PostgreSqlClaim.HolderRow"/> (trim- and AOT-safe).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(PostgreSqlClaim.HolderRow))]
internal sealed partial class HolderRowJson : System.Text.Json.Serialization.JsonSerializerContext
{
}
