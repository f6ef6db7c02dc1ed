using System;
using System.Text.RegularExpressions;

namespace Orchestration.PostgreSql;

/// <summary>Where <see cref="PostgreSqlRunStore"/> keeps its tables and how long a writer's claim lasts without renewal.</summary>
public sealed class PostgreSqlRunStoreOptions
{
    private string _schema = "orchestration";
    private TimeSpan _lease = TimeSpan.FromSeconds(15);
    private TimeSpan _pollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The database schema of the store's tables (default <c>orchestration</c>); created when missing. Lower-case
    /// letters, digits and '_', starting with a letter or '_', at most 63 characters, not starting with <c>pg_</c>
    /// (reserved by PostgreSQL).
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a plain lower-case identifier, or is reserved.</exception>
    public string Schema
    {
        get => _schema;
        set
        {
            if (value is null || !Regex.IsMatch(value, "^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant))
            {
                throw new ArgumentException($"Schema '{value}' is not a plain lower-case identifier: use lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters.", nameof(value));
            }

            if (value.StartsWith("pg_", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Schema '{value}' starts with 'pg_', which PostgreSQL reserves for its own schemas; choose another name.", nameof(value));
            }

            _schema = value;
        }
    }

    /// <summary>
    /// How long a claim lasts without renewal (default 15 s). The holder renews it every third of that, and every write
    /// extends it; a writer whose
    /// process died, or that lost the database for longer, loses its claim when the lease ends, and the next writer
    /// takes the run over. Every write carries the claim's fencing token, so a writer that lost its claim cannot write.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The lease is shorter than one second.</exception>
    public TimeSpan Lease
    {
        get => _lease;
        set => _lease = value >= TimeSpan.FromSeconds(1) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The lease must be at least one second.");
    }

    /// <summary>How often <see cref="PostgreSqlRunStore.FollowAsync"/> looks for new events when no notification arrives (default 250 ms).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not positive.</exception>
    public TimeSpan PollInterval
    {
        get => _pollInterval;
        set => _pollInterval = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The poll interval must be positive.");
    }
}
