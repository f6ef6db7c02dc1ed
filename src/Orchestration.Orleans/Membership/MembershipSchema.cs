using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Orchestration.Orleans;

/// <summary>
/// The tables Orleans' ADO.NET clustering provider reads and writes on PostgreSQL, and the <c>OrleansQuery</c> rows it
/// loads its queries from. The provider's package ships no PostgreSQL script, so this is ours, written from the
/// provider's contract: it reads <c>SELECT QueryKey, QueryText FROM OrleansQuery</c> (hence the connection's search
/// path names this schema), binds parameters by name (<c>@DeploymentId</c>, <c>@Address</c>, ...), reads result
/// columns by name, and expects the conditional writes to answer one row with one value, non-zero for success.
/// </summary>
/// <remarks>
/// The membership protocol's optimistic concurrency is a version per cluster: a silo writes with the version it read,
/// and the write succeeds only while that version is current, bumping it in the same statement. Each query below is
/// one statement, so a write that fails leaves nothing behind. Migrations are applied once, in order, under an
/// advisory lock, as the run store does, so several silos starting at once create the schema once.
/// </remarks>
internal static class MembershipSchema
{
    /// <summary>The schema version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Orleans' <c>SiloStatus.Dead</c>, as the provider writes it.</summary>
    private const int Dead = 6;

    private static readonly string[] Migrations =
    {
        """
        CREATE TABLE {s}.orleansquery (
            querykey varchar(64) PRIMARY KEY,
            querytext text NOT NULL
        );
        -- One row per cluster (Orleans' DeploymentId is the cluster id): the version every membership write checks and bumps.
        CREATE TABLE {s}.membership_version (
            deployment_id text PRIMARY KEY,
            version integer NOT NULL DEFAULT 0,
            changed_at timestamptz NOT NULL DEFAULT now()
        );
        -- One row per silo incarnation (address, port and generation, which is its start time).
        CREATE TABLE {s}.membership (
            deployment_id text NOT NULL REFERENCES {s}.membership_version ON DELETE CASCADE,
            address text NOT NULL,
            port integer NOT NULL,
            generation integer NOT NULL,
            silo_name text NOT NULL,
            host_name text NOT NULL,
            status integer NOT NULL,
            proxy_port integer NOT NULL DEFAULT 0,
            suspect_times text,
            start_time timestamptz NOT NULL,
            i_am_alive_time timestamptz NOT NULL,
            PRIMARY KEY (deployment_id, address, port, generation)
        );
        """,
    };

    /// <summary>What each query key the clustering provider asks for does, in this schema.</summary>
    private static IReadOnlyDictionary<string, string> Queries(string s)
    {
        // Every membership row is read with the cluster's version; a cluster with no rows still answers its version
        // (one row, no silo), which is how the provider tells "empty" from "missing".
        var members =
            $"""
            SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
                   m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
                   m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
            FROM {s}.membership_version v
            LEFT JOIN {s}.membership m ON m.deployment_id = v.deployment_id
            """;
        return new Dictionary<string, string>
        {
            ["MembershipReadAllKey"] = members + "\nWHERE v.deployment_id = @DeploymentId",
            ["MembershipReadRowKey"] = members.Replace(
                "ON m.deployment_id = v.deployment_id",
                "ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation",
                System.StringComparison.Ordinal) + "\nWHERE v.deployment_id = @DeploymentId",
            ["GatewaysQueryKey"] =
                $"""
                SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
                FROM {s}.membership
                WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
                """,
            ["InsertMembershipVersionKey"] =
                $"""
                WITH created AS (
                    INSERT INTO {s}.membership_version (deployment_id) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1)
                SELECT count(*)::int FROM created
                """,
            // The version row is updated first: it is locked until commit, so of two silos writing with the same version
            // the second finds it changed and writes nothing.
            ["InsertMembershipKey"] =
                $"""
                WITH bumped AS (
                    UPDATE {s}.membership_version SET version = version + 1, changed_at = now()
                    WHERE deployment_id = @DeploymentId AND version = @Version
                    RETURNING deployment_id),
                inserted AS (
                    INSERT INTO {s}.membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
                    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM bumped
                    RETURNING 1)
                SELECT count(*)::int FROM inserted
                """,
            ["UpdateMembershipKey"] =
                $"""
                WITH bumped AS (
                    UPDATE {s}.membership_version SET version = version + 1, changed_at = now()
                    WHERE deployment_id = @DeploymentId AND version = @Version
                    RETURNING deployment_id),
                updated AS (
                    UPDATE {s}.membership m SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                    FROM bumped
                    WHERE m.deployment_id = bumped.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
                    RETURNING 1)
                SELECT count(*)::int FROM updated
                """,
            // Liveness heartbeats do not change the membership view, so they do not bump the version.
            ["UpdateIAmAlivetimeKey"] =
                $"""
                UPDATE {s}.membership SET i_am_alive_time = @IAmAliveTime
                WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
                """,
            ["DeleteMembershipTableEntriesKey"] = $"DELETE FROM {s}.membership_version WHERE deployment_id = @DeploymentId",
            ["CleanupDefunctSiloEntriesKey"] =
                $"""
                DELETE FROM {s}.membership
                WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status = {Dead}
                """,
        };
    }

    /// <summary>Creates or migrates the schema and writes the provider's queries; refuses a schema newer than this code.</summary>
    /// <exception cref="System.InvalidOperationException">The schema is newer than this version understands.</exception>
    public static async Task EnsureAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = null, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('orchestration orleans schema ' || @schema))", cancellationToken, ("schema", schema)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {schema}; CREATE TABLE IF NOT EXISTS {schema}.schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken).ConfigureAwait(false);
        int current;
        await using (var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {schema}.schema_version", connection, transaction))
        {
            current = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (current > Version)
        {
            throw new System.InvalidOperationException(
                $"The Orleans membership schema '{schema}' at {Describe(builder)} is version {current}, newer than this version of Orchestration.Orleans understands ({Version}). " +
                "A newer version of the package wrote it: upgrade this application's Orchestration.Orleans package, or give this cluster a schema of its own (OrchestrationWorkerOptions.MembershipSchema).");
        }

        for (var version = current + 1; version <= Version; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version - 1].Replace("{s}", schema, System.StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
            foreach (var (key, text) in Queries(schema))
            {
                await ExecuteAsync(
                    connection,
                    transaction,
                    $"INSERT INTO {schema}.orleansquery (querykey, querytext) VALUES (@key, @text) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext",
                    cancellationToken,
                    ("key", key),
                    ("text", text)).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, transaction, $"INSERT INTO {schema}.schema_version (version) VALUES (@version)", cancellationToken, ("version", version)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The connection string the clustering provider uses: the same database, with this schema first on the search path.</summary>
    public static string ClusteringConnectionString(string connectionString, string schema) =>
        new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;

    /// <summary>Server and database, for messages (never the password).</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"PostgreSQL server {builder.Host ?? "localhost"}:{builder.Port}, database '{builder.Database ?? builder.Username}'";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
