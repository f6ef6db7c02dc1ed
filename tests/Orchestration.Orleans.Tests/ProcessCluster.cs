using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Orchestration.Orleans.Tests;

/// <summary>
/// Worker silos in processes of their own and a client in this process, all on the throwaway PostgreSQL server: runs
/// in <paramref name="name"/>_runs, membership in <paramref name="name"/>_orleans, cluster id <paramref name="name"/>.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly List<WorkerProcess> _workers = new();
    private readonly string _connectionString;
    private readonly string _name;
    private IHost? _client;

    public ProcessCluster(string connectionString, string name)
    {
        _connectionString = connectionString;
        _name = name;
        SideEffectsPath = Path.Combine(Path.GetTempPath(), $"orchestration-{name}-{Guid.NewGuid():N}");
    }

    public string SideEffectsPath { get; }

    public IReadOnlyList<WorkerProcess> Workers => _workers;

    public WorkflowClient Workflows => (_client ?? throw new InvalidOperationException("Connect first.")).Services.GetRequiredService<WorkflowClient>();

    public async Task StartWorkersAsync(int count, TimeSpan lease, TimeSpan poll, TimeSpan stepDelay, CancellationToken cancellationToken)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        for (var i = 0; i < count; i++)
        {
            _workers.Add(WorkerProcess.Start(
                $"{_name}-{i + 1}",
                "--connection", _connectionString,
                "--cluster", _name,
                "--schema", _name + "_runs",
                "--membership-schema", _name + "_orleans",
                "--log", SideEffectsPath,
                "--lease", lease.TotalSeconds.ToString(culture),
                "--poll", poll.TotalSeconds.ToString(culture),
                "--step-delay-ms", stepDelay.TotalMilliseconds.ToString(culture)));
        }

        foreach (var worker in _workers)
        {
            await worker.ReadyAsync(cancellationToken);
        }
    }

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_name, "tests"));
            // A call caught on a silo that was killed fails after this, rather than after Orleans' default 30 s.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(20));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            client.AddOrchestrationClient(_connectionString, o =>
            {
                o.Store.Schema = _name + "_runs";
                o.MembershipSchema = _name + "_orleans";
            });
        });
        _client = builder.Build();
        await _client.StartAsync(cancellationToken);
    }

    /// <summary>What the workers printed, for failure messages.</summary>
    public string Output => string.Join("\n", _workers.Select(w => $"--- {w.Name} (pid {w.ProcessId})\n{w.Output}"));

    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await client.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // A client whose gateways are gone may not say goodbye in time; the process ends it anyway.
            }

            client.Dispose();
        }

        foreach (var worker in _workers)
        {
            worker.Dispose();
        }

        if (Directory.Exists(SideEffectsPath))
        {
            Directory.Delete(SideEffectsPath, recursive: true);
        }
    }
}
