using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestration;
using Orchestration.Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace WorkerHost;

/// <summary>
/// One worker silo in its own process, so that a test can start several and kill one with <c>kill -9</c>:
/// <c>WorkerHost --connection CS --name NAME --silo-port P --gateway-port G --log PATH [--cluster ID] [--schema S]
/// [--membership-schema S] [--lease SECONDS] [--poll SECONDS] [--step-delay-ms MS]</c>. It prints <c>ready</c> once the silo is active, and runs until killed or
/// its standard input closes.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = Parse(args);
        if (!options.TryGetValue("connection", out var connection) || !options.TryGetValue("log", out var log))
        {
            Console.Error.WriteLine("usage: WorkerHost --connection CS --log PATH [--name N] [--silo-port P] [--gateway-port G] [--cluster ID] [--schema S] [--membership-schema S] [--lease S] [--poll S] [--step-delay-ms MS]");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOrchestration();
        builder.Services.AddSingleton(new SideEffects(log));
        builder.Services.AddSingleton(new StepDelay(TimeSpan.FromMilliseconds(Number(options, "step-delay-ms", 100))));
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.GetValueOrDefault("cluster", "tests"), "tests"));
            silo.Configure<SiloOptions>(o => o.SiloName = options.GetValueOrDefault("name", "silo"));
            silo.ConfigureEndpoints(IPAddress.Loopback, (int)Number(options, "silo-port", 11111), (int)Number(options, "gateway-port", 30000));
            silo.Configure<ClusterMembershipOptions>(FastFailover.Apply);
            silo.AddOrchestrationWorkers(connection, o =>
            {
                o.Store.Schema = options.GetValueOrDefault("schema", "orchestration");
                o.MembershipSchema = options.GetValueOrDefault("membership-schema", "orleans");
                o.Store.Lease = TimeSpan.FromSeconds(Number(options, "lease", 4));
                o.RecoveryPollInterval = TimeSpan.FromSeconds(Number(options, "poll", 5));
            });
        });

        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine("ready");
        if (Environment.GetEnvironmentVariable("WORKER_DIAG") == "1")
        {
            _ = Task.Run(async () =>
            {
                var last = DateTime.UtcNow;
                while (true)
                {
                    await Task.Delay(500);
                    var now = DateTime.UtcNow;
                    Console.WriteLine($"diag {now:HH:mm:ss.fff} late={(now - last).TotalMilliseconds - 500:0} threads={System.Threading.ThreadPool.ThreadCount} pending={System.Threading.ThreadPool.PendingWorkItemCount}");
                    last = now;
                }
            });
        }

        // The test ends a worker by killing it, or gently by closing its standard input.
        await Task.Run(() => Console.In.ReadToEnd());
        await host.StopAsync();
        return 0;
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }

    private static double Number(Dictionary<string, string> options, string name, double fallback) =>
        options.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>
/// Membership settings that declare a killed silo dead in a few seconds (the defaults take about 14 s). One vote and
/// one-second probes declare it in about one, but on a loaded two-core machine they also declare live silos dead;
/// two-second probes and the default two votes do not.
/// </summary>
public static class FastFailover
{
    public static void Apply(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = 2;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }
}
