using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestration;
using Orchestration.Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Distributed;

/// <summary>
/// A cluster of workers on Orleans with runs in PostgreSQL, and a client that starts runs and shows where each step ran.
/// <c>worker --connection CS [--name N] [--silo-port P] [--gateway-port G] [--address IP]</c> runs one worker (a silo)
/// until Ctrl+C; <c>client --connection CS [--runs N]</c> starts N runs, answers each one's approval, and prints them.
/// See README.md.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        var connection = options.GetValueOrDefault("connection") ?? Environment.GetEnvironmentVariable("ORCHESTRATION_POSTGRES");
        if (args.Length == 0 || args[0] is not ("worker" or "client") || connection is null)
        {
            Console.Error.WriteLine("usage: Distributed worker --connection CS [--name N] [--silo-port P] [--gateway-port G] [--address IP]");
            Console.Error.WriteLine("       Distributed client --connection CS [--runs N]");
            Console.Error.WriteLine("(or set ORCHESTRATION_POSTGRES to the connection string)");
            return 2;
        }

        return args[0] == "worker" ? await WorkerAsync(connection, options) : await ClientAsync(connection, options);
    }

    private static async Task<int> WorkerAsync(string connection, Dictionary<string, string> options)
    {
        var name = options.GetValueOrDefault("name", "worker");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
        builder.Services.AddOrchestration();
        builder.Services.AddSingleton(new WorkerName(name));
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("sample", "sample"));
            silo.Configure<SiloOptions>(o => o.SiloName = name);
            // On one machine every worker needs its own two ports; on several, each advertises its own address.
            silo.ConfigureEndpoints(
                IPAddress.Parse(options.GetValueOrDefault("address", "127.0.0.1")),
                int.Parse(options.GetValueOrDefault("silo-port", "11111"), CultureInfo.InvariantCulture),
                int.Parse(options.GetValueOrDefault("gateway-port", "30000"), CultureInfo.InvariantCulture),
                listenOnAnyHostAddress: options.ContainsKey("address"));
            silo.AddOrchestrationWorkers(connection);
        });

        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine($"{name} is running (pid {Environment.ProcessId}); Ctrl+C stops it");
        await host.WaitForShutdownAsync();
        return 0;
    }

    private static async Task<int> ClientAsync(string connection, Dictionary<string, string> options)
    {
        var runs = int.Parse(options.GetValueOrDefault("runs", "6"), CultureInfo.InvariantCulture);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("sample", "sample"));
            client.AddOrchestrationClient(connection);
        });

        using var host = builder.Build();
        await host.StartAsync();
        var workflows = host.Services.GetRequiredService<WorkflowClient>();

        var started = await Task.WhenAll(Enumerable.Range(1, runs).Select(i => workflows.StartAsync(Review.Definition, $"topic {i}")));
        var failed = 0;
        foreach (var run in started)
        {
            var wait = await run.UntilWaitingAsync();
            Console.WriteLine($"{run.RunId}: waits for '{wait?.StepId}'");
        }

        // Each wait released its run and grain; an answer brings the grain back on whichever worker Orleans picks.
        foreach (var run in started)
        {
            await run.RespondAsync(new Decision(true, "fine"));
        }

        foreach (var run in started)
        {
            var outcome = await run.WaitForResultAsync();
            if (!outcome.Succeeded)
            {
                failed++;
                Console.WriteLine($"{run.RunId}: {outcome.Status}: {string.Join("; ", outcome.Errors)}");
                continue;
            }

            Console.WriteLine($"{run.RunId}: {outcome.Output!.Text} | {string.Join(", then ", outcome.Output.RanOn)}");
        }

        await host.StopAsync();
        return failed == 0 ? 0 : 1;
    }
}
