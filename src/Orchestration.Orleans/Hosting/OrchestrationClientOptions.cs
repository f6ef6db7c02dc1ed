using System.Text.Json;
using Orchestration.PostgreSql;

namespace Orchestration.Orleans;

/// <summary>How a client reaches the workers: the cluster's membership tables (to find gateways) and the run store (to follow runs).</summary>
public sealed class OrchestrationClientOptions
{
    private string _membershipSchema = "orleans";

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
    /// How inputs and responses are written and outputs read: the silos' record serializer (<see cref="WorkflowRunOptions.RecordSerializer"/>);
    /// Microsoft.Extensions.AI's defaults when <see langword="null"/>, as for the silos.
    /// </summary>
    public JsonSerializerOptions? RecordSerializer { get; set; }
}
