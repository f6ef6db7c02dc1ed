using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Orchestration.Records;

namespace Orchestration.PostgreSql;

/// <summary>
/// Run records in PostgreSQL, shared by every process that reaches the database: runs, steps (outputs, requests and logs
/// as <c>jsonb</c>) and events in tables the store creates and migrates itself (<see cref="PostgreSqlRunStoreOptions.Schema"/>).
/// </summary>
/// <remarks>
/// <para>
/// One writer per run across processes and machines: a claim is a lease on the run's row (renewed by its holder every
/// third of <see cref="PostgreSqlRunStoreOptions.Lease"/>) with a fencing token that taking the claim increments and that
/// every write must carry. A writer that died, or lost the database for longer than the lease, loses its claim to the
/// next one; a write carrying a stale token is refused, so a writer that lost its claim cannot write.
/// </para>
/// <para>
/// Every write of a claim is one transaction: a step's record, the run's state and the event are committed together.
/// Followers are woken by <c>NOTIFY</c> and poll as a fallback. The same contract tests run against this store and
/// <see cref="FileRunStore"/>.
/// </para>
/// </remarks>
public sealed class PostgreSqlRunStore : IRunStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly Lazy<bool> _schema;

    /// <summary>Creates a store over <paramref name="dataSource"/> (the application keeps owning it).</summary>
    /// <param name="dataSource">Where to connect.</param>
    /// <param name="options">Schema, lease and polling; defaults when <see langword="null"/>.</param>
    public PostgreSqlRunStore(NpgsqlDataSource dataSource, PostgreSqlRunStoreOptions? options = null)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), options, ownsDataSource: false)
    {
    }

    /// <summary>Creates a store that connects with <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">An Npgsql connection string, for example <c>Host=127.0.0.1;Port=5432;Database=app;Username=app</c>.</param>
    /// <param name="options">Schema, lease and polling; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The connection string is empty or not valid.</exception>
    public PostgreSqlRunStore(string connectionString, PostgreSqlRunStoreOptions? options = null)
        : this(Create(connectionString), options, ownsDataSource: true)
    {
    }

    private PostgreSqlRunStore(NpgsqlDataSource dataSource, PostgreSqlRunStoreOptions? options, bool ownsDataSource)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        Options = options ?? new PostgreSqlRunStoreOptions();
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Where = $"PostgreSQL server {builder.Host ?? "localhost"}:{builder.Port}, database '{builder.Database ?? builder.Username}', schema '{Options.Schema}'";
        _schema = new Lazy<bool>(() =>
        {
            Guarded<bool>(null, "create or migrate its tables", () =>
            {
                StoreSchema.Ensure(_dataSource, Options.Schema, Where);
                return true;
            }, idempotent: true);
            return true;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The store's options.</summary>
    public PostgreSqlRunStoreOptions Options { get; }

    /// <summary>Where the store is, for messages: server, database and schema.</summary>
    public string Where { get; }

    internal string S => Options.Schema;

    internal string Channel => Options.Schema + "_events";

    /// <summary>
    /// Creates or migrates the store's tables now (they are otherwise created on first use). Safe when several
    /// processes call it at once.
    /// </summary>
    /// <exception cref="RunStoreException">The server cannot be reached, or its schema is newer than this code.</exception>
    public void EnsureSchema() => _ = _schema.Value;

    /// <inheritdoc />
    public IRunClaim Create(RunRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        EnsureSchema();
        var holder = RunHolder.Current();
        return Guarded(record.RunId, "create the run's records", () =>
        {
            // One statement: the run's row and its first event, or nothing when the id is taken (see PostgreSqlClaim.Write).
            using var connection = _dataSource.OpenConnection();
            using var insert = new NpgsqlCommand(
                $"""
                WITH created AS (
                    INSERT INTO {S}.runs (run_id, workflow_id, strategy, status, started_at, finished_at, input, fingerprint, diagram, errors, wait,
                                          claim_token, claim_holder, claim_expires_at, event_count)
                    VALUES (@run, @workflow, @strategy, @status, @started, NULL, @input, @fingerprint, @diagram, @errors, NULL,
                            1, @holder, now() + @lease, 1)
                    ON CONFLICT (run_id) DO NOTHING
                    RETURNING run_id)
                , appended AS (
                    INSERT INTO {S}.events ({PostgreSqlClaim.EventColumns})
                    SELECT {PostgreSqlClaim.EventValues("1")} FROM created
                    RETURNING run_id)
                SELECT pg_notify(@channel, run_id) FROM appended
                """,
                connection);
            insert.Parameters.AddWithValue("workflow", record.WorkflowId);
            insert.Parameters.AddWithValue("strategy", record.Strategy);
            insert.Parameters.AddWithValue("status", record.Status);
            insert.Parameters.AddWithValue("started", record.StartedAt);
            insert.Parameters.Add(RecordRows.Jsonb("input", record.Input));
            insert.Parameters.Add(RecordRows.Text("fingerprint", record.Fingerprint));
            insert.Parameters.Add(RecordRows.Text("diagram", record.Diagram));
            insert.Parameters.Add(RecordRows.Jsonb("errors", RecordRows.ErrorsJson(record.Errors)));
            insert.Parameters.Add(RecordRows.Jsonb("holder", PostgreSqlClaim.HolderJson(holder)));
            insert.Parameters.AddWithValue("lease", Options.Lease);
            PostgreSqlClaim.AddEventParameters(insert, this, record.RunId, RunEventKind.Started, null, null, null, null, record.WorkflowId);
            using (var row = insert.ExecuteReader())
            {
                if (!row.Read())
                {
                    throw new InvalidOperationException($"Run '{record.RunId}' already has records in {Where}; choose another run id.");
                }
            }

            return (IRunClaim)new PostgreSqlClaim(this, _dataSource, record, holder, takenOverFrom: null, token: 1);
        });
    }

    /// <inheritdoc />
    public IRunClaim Claim(string runId)
    {
        RequireId(runId);
        EnsureSchema();
        var holder = RunHolder.Current();
        return Guarded(runId, "claim the run", () =>
        {
            using var connection = _dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction();
            long token;
            RunHolder? previous;
            using (var take = new NpgsqlCommand(
                $"""
                UPDATE {S}.runs
                SET claim_token = claim_token + 1, previous_holder = claim_holder, claim_holder = @holder, claim_expires_at = now() + @lease
                WHERE run_id = @run AND (claim_holder IS NULL OR claim_expires_at < now())
                RETURNING claim_token, previous_holder::text
                """,
                connection,
                transaction))
            {
                take.Parameters.AddWithValue("run", runId);
                take.Parameters.Add(RecordRows.Jsonb("holder", PostgreSqlClaim.HolderJson(holder)));
                take.Parameters.AddWithValue("lease", Options.Lease);
                using var row = take.ExecuteReader();
                if (!row.Read())
                {
                    row.Close();
                    throw Refusal(connection, transaction, runId);
                }

                token = row.GetInt64(0);
                previous = row.IsDBNull(1) ? null : PostgreSqlClaim.ParseHolder(row.GetString(1));
            }

            // Read under the claim: no other writer can change the run from here on.
            var record = LoadRecord(connection, transaction, runId) ?? throw new KeyNotFoundException($"No run '{runId}' in {Where}.");
            transaction.Commit();
            return (IRunClaim)new PostgreSqlClaim(this, _dataSource, record, holder, previous, token);
        });
    }

    /// <inheritdoc />
    public RunRecord Load(string runId)
    {
        RequireId(runId);
        EnsureSchema();
        return Guarded(runId, "read the run", () =>
        {
            using var connection = _dataSource.OpenConnection();
            return LoadRecord(connection, null, runId) ?? throw new KeyNotFoundException($"No run '{runId}' in {Where}.");
        }, idempotent: true);
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredRun> List()
    {
        EnsureSchema();
        return Guarded(null, "list the runs", () =>
        {
            using var connection = _dataSource.OpenConnection();
            var steps = new Dictionary<string, List<StepRecord>>(StringComparer.Ordinal);
            using (var select = new NpgsqlCommand($"SELECT run_id, {RecordRows.StepColumns} FROM {S}.steps ORDER BY run_id, seq", connection))
            using (var rows = select.ExecuteReader())
            {
                while (rows.Read())
                {
                    var runId = rows.GetString(0);
                    if (!steps.TryGetValue(runId, out var list))
                    {
                        steps[runId] = list = new List<StepRecord>();
                    }

                    list.Add(RecordRows.Step(rows, withLog: false, offset: 1));
                }
            }

            var runs = new List<StoredRun>();
            using (var select = new NpgsqlCommand($"SELECT {RecordRows.RunColumns} FROM {S}.runs ORDER BY started_at DESC, run_id DESC", connection))
            using (var rows = select.ExecuteReader())
            {
                while (rows.Read())
                {
                    var runId = rows.GetString(0);
                    runs.Add(new StoredRun(runId, RecordRows.Run(rows, steps.TryGetValue(runId, out var list) ? list : new List<StepRecord>()), null));
                }
            }

            return (IReadOnlyList<StoredRun>)runs;
        }, idempotent: true);
    }

    /// <inheritdoc />
    public IReadOnlyList<StepRecord> ReadSteps(string runId)
    {
        RequireId(runId);
        EnsureSchema();
        return Guarded(runId, "read the run's steps", () =>
        {
            using var connection = _dataSource.OpenConnection();
            RequireRun(connection, runId);
            using var select = new NpgsqlCommand($"SELECT {RecordRows.StepColumns}, log::text FROM {S}.steps WHERE run_id = @run ORDER BY seq", connection);
            select.Parameters.AddWithValue("run", runId);
            using var rows = select.ExecuteReader();
            var steps = new List<StepRecord>();
            while (rows.Read())
            {
                steps.Add(RecordRows.Step(rows, withLog: true));
            }

            return (IReadOnlyList<StepRecord>)steps;
        }, idempotent: true);
    }

    /// <inheritdoc />
    public IReadOnlyList<RunEvent> ReadEvents(string runId, long afterSequence = 0)
    {
        RequireId(runId);
        EnsureSchema();
        return Guarded(runId, "read the run's events", () =>
        {
            using var connection = _dataSource.OpenConnection();
            RequireRun(connection, runId);
            return ReadEvents(connection, runId, afterSequence).Events;
        }, idempotent: true);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RunEvent> FollowAsync(string runId, long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RequireId(runId);
        EnsureSchema();
        await using var listener = await GuardedAsync(runId, "follow the run", () => _dataSource.OpenConnectionAsync(cancellationToken).AsTask()).ConfigureAwait(false);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        RequireRun(listener, runId);
        var after = afterSequence;
        while (true)
        {
            var (events, last) = Guarded(runId, "read the run's events", () => ReadEvents(listener, runId, after));
            foreach (var item in events)
            {
                after = item.Sequence;
                yield return item;
                if (item.Kind == RunEventKind.Finished)
                {
                    yield break;
                }
            }

            if (events.Count == 0 && last == RunEventKind.Finished)
            {
                yield break;
            }

            // A notification from any writer wakes the follower at once; polling covers a missed one.
            await listener.WaitAsync(Options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the connections the store opened itself (not a data source the application passed in).</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    internal T Guarded<T>(string? runId, string action, Func<T> work, bool idempotent = false)
    {
        try
        {
            return work();
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            // The connection broke (the server restarted, the network dropped): pooled connections are as dead, so
            // they go; a read is tried once more on a new one, a write is not (it may have been committed).
            _dataSource.Clear();
            if (idempotent)
            {
                try
                {
                    return work();
                }
                catch (NpgsqlException again)
                {
                    throw StoreError(runId, action, again);
                }
            }

            throw StoreError(runId, action, ex);
        }
        catch (NpgsqlException ex)
        {
            throw StoreError(runId, action, ex);
        }
    }

    internal void Guarded(string? runId, string action, Action work) => Guarded<bool>(runId, action, () =>
    {
        work();
        return true;
    });

    private async Task<T> GuardedAsync<T>(string? runId, string action, Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw StoreError(runId, action, ex);
        }
    }

    internal RunStoreException StoreError(string? runId, string action, NpgsqlException ex) => new(
        $"The run store could not {action}{(runId is null ? string.Empty : $" for run '{runId}'")} at {Where}: {ex.Message.TrimEnd('.')}. " +
        (ex is PostgresException postgres
            ? $"(PostgreSQL error {postgres.SqlState}.) "
            : "Check that the server runs, accepts connections from this machine and that the connection string's host, port, database and credentials are right. ") +
        "The run's record is as last written, so the run can be continued once the store works again.",
        runId,
        ex);

    private static void RequireId(string runId)
    {
        if (runId is null || runId.Length == 0 || runId.Length > 128)
        {
            throw new ArgumentException($"Run id '{runId}' is not valid: use 1 to 128 characters.", nameof(runId));
        }
    }

    private void RequireRun(NpgsqlConnection connection, string runId)
    {
        using var exists = new NpgsqlCommand($"SELECT 1 FROM {S}.runs WHERE run_id = @run", connection);
        exists.Parameters.AddWithValue("run", runId);
        if (exists.ExecuteScalar() is null)
        {
            throw new KeyNotFoundException($"No run '{runId}' in {Where}.");
        }
    }

    private (IReadOnlyList<RunEvent> Events, RunEventKind? Last) ReadEvents(NpgsqlConnection connection, string runId, long afterSequence)
    {
        var events = new List<RunEvent>();
        using (var select = new NpgsqlCommand($"SELECT {RecordRows.EventColumns} FROM {S}.events WHERE run_id = @run AND seq > @after ORDER BY seq", connection))
        {
            select.Parameters.AddWithValue("run", runId);
            select.Parameters.AddWithValue("after", afterSequence);
            using var rows = select.ExecuteReader();
            while (rows.Read())
            {
                events.Add(RecordRows.Event(runId, rows));
            }
        }

        if (events.Count > 0)
        {
            return (events, events[^1].Kind);
        }

        using var last = new NpgsqlCommand($"SELECT kind FROM {S}.events WHERE run_id = @run ORDER BY seq DESC LIMIT 1", connection);
        last.Parameters.AddWithValue("run", runId);
        return (events, last.ExecuteScalar() is string kind ? Enum.Parse<RunEventKind>(kind) : null);
    }

    private RunRecord? LoadRecord(NpgsqlConnection connection, NpgsqlTransaction? transaction, string runId)
    {
        var steps = new List<StepRecord>();
        using (var select = new NpgsqlCommand($"SELECT {RecordRows.StepColumns} FROM {S}.steps WHERE run_id = @run ORDER BY seq", connection, transaction))
        {
            select.Parameters.AddWithValue("run", runId);
            using var rows = select.ExecuteReader();
            while (rows.Read())
            {
                steps.Add(RecordRows.Step(rows, withLog: false));
            }
        }

        using var run = new NpgsqlCommand($"SELECT {RecordRows.RunColumns} FROM {S}.runs WHERE run_id = @run", connection, transaction);
        run.Parameters.AddWithValue("run", runId);
        using var row = run.ExecuteReader();
        return row.Read() ? RecordRows.Run(row, steps) : null;
    }

    /// <summary>Why a claim was not taken: no such run, or a live holder (named).</summary>
    private Exception Refusal(NpgsqlConnection connection, NpgsqlTransaction transaction, string runId)
    {
        using var select = new NpgsqlCommand($"SELECT claim_holder::text FROM {S}.runs WHERE run_id = @run", connection, transaction);
        select.Parameters.AddWithValue("run", runId);
        using var row = select.ExecuteReader();
        if (!row.Read())
        {
            return new KeyNotFoundException($"No run '{runId}' in {Where}.");
        }

        var holder = row.IsDBNull(0) ? null : PostgreSqlClaim.ParseHolder(row.GetString(0));
        return new RunClaimedException(runId, holder, Where);
    }

    private static NpgsqlDataSource Create(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The PostgreSQL run store needs a connection string, for example Host=127.0.0.1;Port=5432;Database=app;Username=app.", nameof(connectionString));
        }

        try
        {
            return NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The connection string is not valid for Npgsql: {ex.Message}", nameof(connectionString), ex);
        }
    }
}
