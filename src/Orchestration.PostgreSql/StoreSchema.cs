using System.Collections.Generic;
using Npgsql;
using Orchestration.Records;

namespace Orchestration.PostgreSql;

/// <summary>
/// The store's tables, created and migrated by the store itself: each migration is applied once, in order, in one
/// transaction that holds an advisory lock on the schema, so several processes starting at once migrate it once.
/// </summary>
internal static class StoreSchema
{
    /// <summary>The schema version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>
    /// The migrations, in order; migration <c>i</c> brings the schema to version <c>i + 1</c>. Each is a list of single
    /// statements, sent one at a time: Npgsql sends a command of several statements from a thread-pool task when called
    /// synchronously, which a starved pool may not run until the command times out.
    /// </summary>
    private static readonly IReadOnlyList<string[]> Migrations = new[]
    {
        new[]
        {
        """
        CREATE TABLE {s}.runs (
            run_id text PRIMARY KEY,
            workflow_id text NOT NULL,
            strategy text NOT NULL,
            status text NOT NULL,
            started_at timestamptz NOT NULL,
            finished_at timestamptz,
            input jsonb,
            output jsonb,
            fingerprint text,
            diagram text,
            errors jsonb NOT NULL DEFAULT '[]',
            wait jsonb,
            -- One writer per run: the holder (null when released), the lease's end, and a fencing token that every
            -- write must carry; taking the claim increments it, so a writer that lost its claim cannot write.
            claim_token bigint NOT NULL DEFAULT 0,
            claim_holder jsonb,
            claim_expires_at timestamptz,
            previous_holder jsonb,
            step_count integer NOT NULL DEFAULT 0,
            event_count bigint NOT NULL DEFAULT 0
        )
        """,
        "CREATE INDEX runs_unfinished ON {s}.runs (started_at) WHERE status IN ('running', 'waiting')",
        """
        CREATE TABLE {s}.steps (
            run_id text NOT NULL REFERENCES {s}.runs ON DELETE CASCADE,
            seq integer NOT NULL,
            path text NOT NULL,
            step_index integer NOT NULL,
            step_id text NOT NULL,
            kind text NOT NULL,
            status text NOT NULL,
            duration_ms double precision NOT NULL,
            attempts integer NOT NULL,
            confidence double precision,
            input_tokens bigint NOT NULL,
            output_tokens bigint NOT NULL,
            cost numeric,
            output jsonb,
            request jsonb,
            at_deadline boolean NOT NULL DEFAULT false,
            error text,
            log jsonb,
            PRIMARY KEY (run_id, seq)
        )
        """,
        """
        CREATE TABLE {s}.events (
            run_id text NOT NULL REFERENCES {s}.runs ON DELETE CASCADE,
            seq bigint NOT NULL,
            kind text NOT NULL,
            at timestamptz NOT NULL,
            path text,
            step_index integer,
            step_id text,
            status text,
            detail text,
            PRIMARY KEY (run_id, seq)
        )
        """,
        },
    };

    /// <summary>Creates or migrates the schema; refuses a schema newer than this code.</summary>
    /// <exception cref="RunStoreException">The schema is newer than this version understands.</exception>
    public static void Ensure(NpgsqlDataSource dataSource, string schema, string where)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock(hashtext('orchestration schema ' || @schema))", ("schema", schema));
        Execute(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {schema}");
        Execute(connection, transaction, $"CREATE TABLE IF NOT EXISTS {schema}.schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        int current;
        using (var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {schema}.schema_version", connection, transaction))
        {
            current = (int)command.ExecuteScalar()!;
        }

        if (current > Version)
        {
            throw new RunStoreException(
                $"The run store's schema '{schema}' at {where} is version {current}, newer than this version of Orchestration.PostgreSql understands ({Version}). " +
                "A newer version of the package wrote it: upgrade this application's Orchestration.PostgreSql package, or give it a schema of its own (PostgreSqlRunStoreOptions.Schema).",
                null,
                null);
        }

        for (var version = current + 1; version <= Version; version++)
        {
            foreach (var statement in Migrations[version - 1])
            {
                Execute(connection, transaction, statement.Replace("{s}", schema));
            }

            Execute(connection, transaction, $"INSERT INTO {schema}.schema_version (version) VALUES (@version)", ("version", version));
        }

        transaction.Commit();
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
