using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Orchestration.Orleans;

/// <summary>Where a cluster's membership lives (database and schema), and its schema, created once per process.</summary>
internal sealed class MembershipPlace
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _ensured;

    public MembershipPlace(string connectionString, string schema)
    {
        ConnectionString = connectionString;
        Schema = schema;
    }

    /// <summary>The application's connection string (the run store's).</summary>
    public string ConnectionString { get; }

    /// <summary>The schema of the membership tables.</summary>
    public string Schema { get; }

    /// <summary>The connection string Orleans' provider uses: the schema first on the search path.</summary>
    public string ClusteringConnectionString => MembershipSchema.ClusteringConnectionString(ConnectionString, Schema);

    /// <summary>Creates or migrates the membership schema (once per process).</summary>
    /// <exception cref="InvalidOperationException">The database cannot be reached, or its schema is newer than this code; the message says which and what to do.</exception>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ensured)
            {
                return;
            }

            try
            {
                await MembershipSchema.EnsureAsync(ConnectionString, Schema, cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException ex)
            {
                var where = MembershipSchema.Describe(new NpgsqlConnectionStringBuilder(ConnectionString));
                throw new InvalidOperationException(
                    $"The Orleans membership tables could not be created or checked at {where}, schema '{Schema}': {ex.Message.TrimEnd('.')}. " +
                    "Check that the server runs, accepts connections from this machine, and that the connection string's host, port, database and credentials are right.",
                    ex);
            }

            _ensured = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
