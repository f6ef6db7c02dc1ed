using System.Text.Json;
using Orchestration.PostgreSql;

namespace Orchestration.Orleans;

/// <summary>How a client reaches the workers: the cluster's membership tables (to find gateways) and the run store (to follow runs).</summary>
public sealed class OrchestrationClientOptions
{
    private string _membershipSchema = "orleans";
    private int? _minThreadPoolThreads = 64;

    /// <summary>The run store's schema and polling; must name the schema the silos use.</summary>
    public PostgreSqlRunStoreOptions Store { get; set; } = new();

    /// <summary>
    /// Whether the client finds gateways through Orleans' ADO.NET provider on the same PostgreSQL database (default
    /// <see langword="true"/>); <see langword="false"/> when the client's clustering is configured otherwise.
    /// </summary>
    public bool Clustering { get; set; } = true;

    /// <summary>The schema of the membership tables (default <c>orleans</c>); must be the silos'.</summary>
    /// <exception cref="System.ArgumentException">The name is not a plain lower-case identifier, or starts with <c>pg_</c>.</exception>
    public string MembershipSchema
    {
        get => _membershipSchema;
        set => _membershipSchema = OrchestrationWorkerOptions.CheckSchema(value);
    }

    /// <summary>
    /// The least number of thread-pool threads the process keeps ready once the client is created (default 64;
    /// <see langword="null"/> leaves the process's setting alone). Following runs reads the store synchronously, one
    /// round trip to PostgreSQL per read; see <see cref="OrchestrationWorkerOptions.MinThreadPoolThreads"/>.
    /// </summary>
    /// <exception cref="System.ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? MinThreadPoolThreads
    {
        get => _minThreadPoolThreads;
        set => _minThreadPoolThreads = value is null or >= 1 ? value : throw new System.ArgumentOutOfRangeException(nameof(value), value, "MinThreadPoolThreads must be at least 1.");
    }

    /// <summary>
    /// How inputs and responses are written and outputs read: the silos' record serializer (<see cref="WorkflowRunOptions.RecordSerializer"/>);
    /// Microsoft.Extensions.AI's defaults when <see langword="null"/>, as for the silos.
    /// </summary>
    public JsonSerializerOptions? RecordSerializer { get; set; }
}
