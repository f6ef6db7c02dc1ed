using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestration.PostgreSql;
using Orchestration.Records;
using Orleans;
using Orleans.Hosting;
using Orleans.Messaging;
using Orleans.Runtime.Membership;

namespace Orchestration.Orleans;

/// <summary>Registers Orchestration's <see cref="WorkflowClient"/> on an Orleans client.</summary>
public static class OrchestrationClientBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="WorkflowClient"/>, which starts runs on the workers, responds to their waits and follows them in
    /// the PostgreSQL run store at <paramref name="connectionString"/>; the client finds the silos' gateways in the
    /// membership tables on the same database.
    /// </summary>
    /// <param name="client">The client builder.</param>
    /// <param name="connectionString">The Npgsql connection string the silos use.</param>
    /// <param name="configure">Sets the store's and membership schemas and the record serializer.</param>
    /// <returns>The same client builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty.</exception>
    public static IClientBuilder AddOrchestrationClient(this IClientBuilder client, string connectionString, Action<OrchestrationClientOptions>? configure = null)
    {
        if (client is null)
        {
            throw new ArgumentNullException(nameof(client));
        }

        OrchestrationSiloBuilderExtensions.RequireConnectionString(connectionString);
        var options = new OrchestrationClientOptions();
        configure?.Invoke(options);

        var services = client.Services;
        services.TryAddSingleton(_ => new PostgreSqlRunStore(connectionString, options.Store));
        services.TryAddSingleton<IRunStore>(static sp => sp.GetRequiredService<PostgreSqlRunStore>());
        services.AddSingleton(sp =>
        {
            ThreadPoolFloor.Raise(options.MinThreadPoolThreads);
            return new WorkflowClient(sp.GetRequiredService<IClusterClient>(), sp.GetRequiredService<IRunStore>(), options.RecordSerializer);
        });

        if (options.Clustering)
        {
            var place = new MembershipPlace(connectionString, options.MembershipSchema);
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = place.ClusteringConnectionString;
            });
            services.AddSingleton<AdoNetGatewayListProvider>();
            services.AddSingleton<IGatewayListProvider>(sp => new SchemaFirstGatewayListProvider(sp.GetRequiredService<AdoNetGatewayListProvider>(), place));
        }

        return client;
    }
}
