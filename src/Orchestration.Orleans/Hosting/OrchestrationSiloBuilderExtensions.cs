using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestration.PostgreSql;
using Orchestration.Records;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;

namespace Orchestration.Orleans;

/// <summary>Registers Orchestration's workers on an Orleans silo.</summary>
public static class OrchestrationSiloBuilderExtensions
{
    /// <summary>
    /// Makes this silo a worker that runs the application's workflows, one grain per run: runs are recorded in the
    /// PostgreSQL run store at <paramref name="connectionString"/>, cluster membership uses Orleans' ADO.NET provider
    /// on the same database (tables created on first start), and the silo continues the runs of silos that died and
    /// the runs whose timer is due. The application's workflows and agents come from the silo's services: call the
    /// generated <c>services.AddOrchestration()</c> as well.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="connectionString">An Npgsql connection string, for example <c>Host=10.0.0.5;Database=app;Username=app;Password=...</c>.</param>
    /// <param name="configure">Sets the store's lease, the membership schema, the recovery scan and the runs' options.</param>
    /// <returns>The same silo builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty.</exception>
    public static ISiloBuilder AddOrchestrationWorkers(this ISiloBuilder silo, string connectionString, Action<OrchestrationWorkerOptions>? configure = null)
    {
        if (silo is null)
        {
            throw new ArgumentNullException(nameof(silo));
        }

        RequireConnectionString(connectionString);
        var options = new OrchestrationWorkerOptions();
        configure?.Invoke(options);

        var services = silo.Services;
        services.AddSingleton(options);
        services.TryAddSingleton(_ => new PostgreSqlRunStore(connectionString, options.Store));
        services.TryAddSingleton<IRunStore>(static sp => sp.GetRequiredService<PostgreSqlRunStore>());
        services.AddSingleton(sp => new RunHost(sp, options, sp.GetRequiredService<IRunStore>()));
        services.AddSingleton<WorkerLifecycle>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static sp => sp.GetRequiredService<WorkerLifecycle>());

        if (options.Clustering)
        {
            var place = new MembershipPlace(connectionString, options.MembershipSchema);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = place.ClusteringConnectionString;
            });

            // Orleans' table, behind our schema: registered last, so it is the one membership uses.
            services.AddSingleton<AdoNetClusteringTable>();
            services.AddSingleton<IMembershipTable>(sp => new SchemaFirstMembershipTable(sp.GetRequiredService<AdoNetClusteringTable>(), place));
        }

        return silo;
    }

    internal static void RequireConnectionString(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                "Orchestration's workers and clients need the PostgreSQL connection string of the run store and membership tables, for example Host=127.0.0.1;Port=5432;Database=app;Username=app.",
                nameof(connectionString));
        }
    }
}
