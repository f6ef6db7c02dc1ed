using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Orchestration.Records;
using Orchestration.Tests.Shared;

namespace Orchestration.PostgreSql.Tests;

/// <summary>What only the PostgreSQL store has: leases and fencing tokens, its own migrations, and a server that can be away.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreTests(PostgresServer server)
{
    private PostgreSqlRunStore NewStore(string? schema = null, TimeSpan? lease = null) =>
        new(server.ConnectionString, new PostgreSqlRunStoreOptions { Schema = schema ?? "t_" + Guid.NewGuid().ToString("N"), Lease = lease ?? TimeSpan.FromSeconds(30) });

    private static RunRecord NewRecord(string runId) => new(runId, "w", "sequential", "running", DateTimeOffset.UtcNow, null, "\"in\"", [], []);

    private static StepRecord Step(int index, string id) => new("w", index, id, "agent", "completed", 1, 1, null, TokenUsage.None, null, "\"out\"", null);

    private int Execute(string sql)
    {
        using var connection = new NpgsqlConnection(server.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteNonQuery();
    }

    [Fact]
    public void A_writer_whose_lease_ran_out_and_was_taken_over_cannot_write()
    {
        using var store = NewStore();
        var stale = store.Create(NewRecord("r1"));
        stale.StepFinished(Step(1, "a"));

        // The writer stalls past its lease (renewal is lost with it); another process takes the run over.
        Execute($"UPDATE {store.Options.Schema}.runs SET claim_expires_at = now() - interval '1 second' WHERE run_id = 'r1'");
        using var other = NewStore(store.Options.Schema);
        using var current = other.Claim("r1");
        var refused = Assert.Throws<RunStoreException>(() => stale.StepFinished(Step(2, "b")));
        current.StepFinished(Step(2, "c"));

        Assert.Equal(stale.Holder, current.TakenOverFrom);
        Assert.StartsWith("Run 'r1' could not record step 2 'b': this writer's claim was taken over (its lease of 30 s ran out, so another writer claimed the run at PostgreSQL server 127.0.0.1:", refused.Message);
        Assert.EndsWith("A writer that lost its claim cannot write; the run goes on with the writer that holds it now.", refused.Message);
        Assert.Equal(["a", "c"], store.Load("r1").Steps.Select(s => s.StepId));
        Assert.Throws<RunStoreException>(() => stale.Finish("completed", []));
        Assert.Equal("running", store.Load("r1").Status);
    }

    [Fact]
    public async Task A_live_writer_renews_its_lease_so_its_claim_outlasts_it()
    {
        using var store = NewStore(lease: TimeSpan.FromSeconds(1));
        using var claim = store.Create(NewRecord("r1"));

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Throws<RunClaimedException>(() => store.Claim("r1"));
        claim.StepFinished(Step(1, "a"));
    }

    [Fact]
    public void The_schema_is_created_once_when_several_processes_start_at_once()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        var stores = Enumerable.Range(0, 8).Select(_ => NewStore(schema)).ToArray();

        Parallel.ForEach(stores, store => store.EnsureSchema());
        using var connection = new NpgsqlConnection(server.ConnectionString);
        connection.Open();
        using var versions = new NpgsqlCommand($"SELECT count(*), max(version) FROM {schema}.schema_version", connection);
        using var row = versions.ExecuteReader();
        row.Read();

        Assert.Equal((1L, 1), (row.GetInt64(0), row.GetInt32(1)));
        foreach (var store in stores)
        {
            store.Dispose();
        }
    }

    [Fact]
    public void A_schema_newer_than_the_code_is_refused_with_what_to_do()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        using (var first = NewStore(schema))
        {
            first.EnsureSchema();
        }

        Execute($"INSERT INTO {schema}.schema_version (version) VALUES (7)");
        using var store = NewStore(schema);

        var refused = Assert.Throws<RunStoreException>(() => store.Load("any"));

        Assert.StartsWith($"The run store's schema '{schema}' at PostgreSQL server 127.0.0.1:{server.Port}, database 'orchestration_tests', schema '{schema}' is version 7, newer than this version of Orchestration.PostgreSql understands (1).", refused.Message);
        Assert.Contains("upgrade this application's Orchestration.PostgreSql package", refused.Message);
    }

    [Fact]
    public void A_server_that_cannot_be_reached_is_named_with_what_to_check()
    {
        int closed;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            closed = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var store = new PostgreSqlRunStore($"Host=127.0.0.1;Port={closed};Username=app;Database=runs;Timeout=3");

        var refused = Assert.Throws<RunStoreException>(() => store.Load("r1"));

        Assert.StartsWith($"The run store could not create or migrate its tables at PostgreSQL server 127.0.0.1:{closed}, database 'runs', schema 'orchestration': ", refused.Message);
        Assert.Contains("Check that the server runs, accepts connections from this machine and that the connection string's host, port, database and credentials are right.", refused.Message);
    }

    [Fact]
    public void A_bad_schema_name_or_connection_string_is_refused_when_given()
    {
        var schema = Assert.Throws<ArgumentException>(() => new PostgreSqlRunStoreOptions { Schema = "Runs; DROP TABLE x" });
        var reserved = Assert.Throws<ArgumentException>(() => new PostgreSqlRunStoreOptions { Schema = "pg_runs" });
        var empty = Assert.Throws<ArgumentException>(() => new PostgreSqlRunStore(" "));

        Assert.StartsWith("Schema 'Runs; DROP TABLE x' is not a plain lower-case identifier", schema.Message);
        Assert.StartsWith("The PostgreSQL run store needs a connection string", empty.Message);
        Assert.StartsWith("Schema 'pg_runs' starts with 'pg_', which PostgreSQL reserves for its own schemas", reserved.Message);
    }

    [Fact]
    public async Task After_the_server_restarts_claims_and_writes_work_again()
    {
        using var store = NewStore();
        store.Create(NewRecord("r1")).Dispose();

        server.Restart();

        // The pool's connections died with the server: a read is tried again on a new connection, and what follows
        // opens new ones.
        Assert.Equal("running", store.Load("r1").Status);
        using (var claim = store.Claim("r1"))
        {
            claim.StepFinished(Step(1, "a"));
            claim.Finish("completed", []);
        }

        Assert.Equal("completed", store.Load("r1").Status);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Many_writers_on_a_starved_thread_pool_all_finish()
    {
        // Blocking writes from more runs at once than the pool has threads, with leases renewed every third of a second: a write
        // that needs a pool thread to send (a command of several statements) or a renewal that waits for a write would
        // stall every writer until the command timeout (here 10 s) and fail the runs.
        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers < 64, $"the test needs a pool with fewer ready threads than writers; it has {workers}");
        var connection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { CommandTimeout = 10 }.ConnectionString;
        var schema = "t_" + Guid.NewGuid().ToString("N");
        using var store = new PostgreSqlRunStore(connection, new PostgreSqlRunStoreOptions { Schema = schema, Lease = TimeSpan.FromSeconds(1) });
        store.EnsureSchema();

        var runs = Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            using var claim = store.Create(NewRecord("r" + i));
            for (var step = 1; step <= 3; step++)
            {
                claim.StepStarted("w", step, "s" + step, StepKind.Agent);
                Thread.Sleep(50);
                claim.StepFinished(Step(step, "s" + step));
            }

            claim.Finish("completed", []);
        }));
        await Task.WhenAll(runs);

        Assert.All(Enumerable.Range(0, 64), i => Assert.Equal(("completed", 3), (store.Load("r" + i).Status, store.Load("r" + i).Steps.Count)));
    }
}
