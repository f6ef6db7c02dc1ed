using System;
using System.Text.RegularExpressions;
using Orchestration.PostgreSql;

namespace Orchestration.Orleans;

/// <summary>How a silo runs workflows: the run store, the cluster's membership tables, and how runs are found and continued.</summary>
public sealed class OrchestrationWorkerOptions
{
    private string _membershipSchema = "orleans";
    private TimeSpan _recoveryPollInterval = TimeSpan.FromSeconds(10);
    private int _maxConcurrentRecoveries = 64;
    private int? _minThreadPoolThreads = 256;

    /// <summary>
    /// The run store's schema, lease and polling (<see cref="PostgreSqlRunStoreOptions"/>). Its <see cref="PostgreSqlRunStoreOptions.Lease"/>
    /// bounds how long the runs of a silo that died stay held before another silo takes them over (default 15 s).
    /// </summary>
    public PostgreSqlRunStoreOptions Store { get; set; } = new();

    /// <summary>
    /// Whether cluster membership uses Orleans' ADO.NET provider on the same PostgreSQL database (default
    /// <see langword="true"/>). Set it to <see langword="false"/> when the silo's clustering is configured otherwise
    /// (Orleans' test cluster, Kubernetes).
    /// </summary>
    public bool Clustering { get; set; } = true;

    /// <summary>
    /// The schema of the membership tables (default <c>orleans</c>), created when missing. Lower-case letters, digits and
    /// '_', starting with a letter or '_'. Clusters sharing a database are told apart by Orleans' <c>ClusterOptions.ClusterId</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a plain lower-case identifier, or starts with <c>pg_</c>.</exception>
    public string MembershipSchema
    {
        get => _membershipSchema;
        set => _membershipSchema = CheckSchema(value);
    }

    /// <summary>
    /// How often each silo scans the store for runs that can go on (default 10 s): waiting runs whose timer or deadline
    /// is due (a timer known at the last scan is woken on time; one set since then, within this interval), and runs
    /// interrupted without a silo's death (a store outage). A silo's death does not wait for it: the living silos scan
    /// when membership declares it dead, until its claims have lapsed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not positive.</exception>
    public TimeSpan RecoveryPollInterval
    {
        get => _recoveryPollInterval;
        set => _recoveryPollInterval = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The poll interval must be positive.");
    }

    /// <summary>How many runs one silo's scan hands to their grains at once (default 64); a hand-over is one grain call.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxConcurrentRecoveries
    {
        get => _maxConcurrentRecoveries;
        set => _maxConcurrentRecoveries = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxConcurrentRecoveries must be at least 1.");
    }

    /// <summary>
    /// The least number of thread-pool threads the silo keeps ready (default 256; <see langword="null"/> leaves the
    /// process's setting alone). Run-store writes are synchronous and hold their thread for a round trip to PostgreSQL;
    /// with only the default one thread per core, a few hundred runs writing at once starve Orleans' own work until the
    /// silo stops answering probes and is declared dead (on two cores, 64 was not enough for 200 runs over three silos;
    /// 256 was). The setting is the process's (<see cref="System.Threading.ThreadPool.SetMinThreads"/>) and is only
    /// ever raised; idle threads still retire.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? MinThreadPoolThreads
    {
        get => _minThreadPoolThreads;
        set => _minThreadPoolThreads = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MinThreadPoolThreads must be at least 1.");
    }

    /// <summary>
    /// Options of the runs the silo executes: timeout, failure policy, fan-out limit, progress and the record serializer
    /// (which must know the workflows' input, output and response types, as the clients' does). Run id and store are set per run.
    /// </summary>
    public WorkflowRunOptions RunOptions { get; set; } = new();

    internal static string CheckSchema(string value)
    {
        if (value is null || !Regex.IsMatch(value, "^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant) || value.StartsWith("pg_", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Schema '{value}' is not usable: use lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters, not starting with 'pg_'.", nameof(value));
        }

        return value;
    }
}
