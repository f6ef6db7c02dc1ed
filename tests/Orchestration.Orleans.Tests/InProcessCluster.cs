using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Records;
using Orchestration.Tests.Shared;
using Orleans.TestingHost;
using WorkerHost;

namespace Orchestration.Orleans.Tests;

/// <summary>
/// Two silos and a client in this process (Orleans' in-process test cluster, with its own membership and transport),
/// running the workers' workflows against the throwaway PostgreSQL server; started once for a test class.
/// </summary>
public sealed class InProcessCluster : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private InProcessTestCluster? _cluster;

    /// <summary>The run store's schema: this cluster's runs only.</summary>
    public const string Schema = "inproc_runs";

    public string SideEffectsPath { get; } = Path.Combine(Path.GetTempPath(), "orchestration-inproc-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("StartAsync first.");

    public WorkflowClient Workflows => Cluster.Client.ServiceProvider.GetRequiredService<WorkflowClient>();

    public IRunStore Store => Workflows.Store;

    public async Task StartAsync(PostgresServer server)
    {
        await _gate.WaitAsync();
        try
        {
            if (_cluster is not null)
            {
                return;
            }

            var builder = new InProcessTestClusterBuilder(2);
            builder.ConfigureSiloHost((_, host) =>
            {
                host.Services.AddOrchestration();
                host.Services.AddSingleton(new SideEffects(SideEffectsPath));
                host.Services.AddSingleton(new StepDelay(TimeSpan.FromMilliseconds(20)));
            });
            builder.ConfigureSilo((_, silo) => silo.AddOrchestrationWorkers(server.ConnectionString, o =>
            {
                o.Clustering = false;
                o.Store.Schema = Schema;
                o.Store.Lease = TimeSpan.FromSeconds(2);
                o.RecoveryPollInterval = TimeSpan.FromMilliseconds(500);
            }));
            builder.ConfigureClient(client => client.AddOrchestrationClient(server.ConnectionString, o =>
            {
                o.Clustering = false;
                o.Store.Schema = Schema;
            }));
            var cluster = builder.Build();
            await cluster.DeployAsync();
            _cluster = cluster;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is { } cluster)
        {
            await cluster.DisposeAsync();
        }

        if (Directory.Exists(SideEffectsPath))
        {
            Directory.Delete(SideEffectsPath, recursive: true);
        }
    }
}
