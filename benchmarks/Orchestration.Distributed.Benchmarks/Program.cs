using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestration;
using Orchestration.Orleans;
using Orchestration.PostgreSql;
using Orchestration.Records;
using Orchestration.Tests.Shared;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Orchestration.Distributed.Benchmarks;

/// <summary>
/// Distributed runs measured on this machine: runs per second of a three-step no-op workflow in one process (file
/// store, PostgreSQL store) and on 1, 2 and 3 silos; the cost of a recorded step on PostgreSQL against the disk's
/// fsync latency; and the time from <c>kill -9</c> of a silo until its runs continue elsewhere. Starts its own
/// throwaway PostgreSQL server and its silos (this program, <c>worker</c> mode). Figures: docs/benchmarks.md.
/// <c>dotnet run -c Release --project benchmarks/Orchestration.Distributed.Benchmarks [-- --runs N --concurrency C] [--skip-failover true | --failover-only true]</c>
/// </summary>
public static class Program
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> Main(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var start = args.Length > 0 && args[0] == "worker" ? 1 : 0;
        for (var i = start; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return start == 1 ? await WorkerAsync(options) : await MeasureAsync(options);
    }

    private static async Task<int> MeasureAsync(Dictionary<string, string> options)
    {
        var runs = int.Parse(options.GetValueOrDefault("runs", "400"), Invariant);
        var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "32"), Invariant);
        Console.WriteLine($"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {runs} runs, {concurrency} at a time");
        Console.WriteLine(Fsync());

        var server = new PostgresServer();
        await server.InitializeAsync();
        try
        {
            if (options.ContainsKey("failover-only"))
            {
                await FailoverAsync(server.ConnectionString, fast: true);
                await FailoverAsync(server.ConnectionString, fast: false);
                return 0;
            }

            // One process: the engine alone, then with each store.
            var bare = await SequentialAsync(ThreeNoOps.Definition, 2000, null);
            Console.WriteLine($"one process, no store:        {bare * 1000:0.0} µs per run (sequential)");
            var directory = Path.Combine(Path.GetTempPath(), "orchestration-bench-" + Guid.NewGuid().ToString("N"));
            using (var files = new FileRunStore(directory))
            {
                var sequential = await SequentialAsync(ThreeNoOps.Definition, 200, files);
                var rate = await ConcurrentAsync(runs, concurrency, files);
                Console.WriteLine($"one process, file store:      {rate:0} runs/s ({sequential:0.00} ms per run sequential)");
            }

            Directory.Delete(directory, recursive: true);
            using (var postgres = new PostgreSqlRunStore(server.ConnectionString, new PostgreSqlRunStoreOptions { Schema = "bench_local" }))
            {
                postgres.EnsureSchema();
                var sequential = await SequentialAsync(ThreeNoOps.Definition, 200, postgres);
                var rate = await ConcurrentAsync(runs, concurrency, postgres);

                // A run of three steps writes 8 transactions: created, 3 × (step started, step finished), finished.
                var perStep = (sequential - bare) / 3;
                Console.WriteLine($"one process, PostgreSQL:      {rate:0} runs/s ({sequential:0.00} ms per run sequential; {perStep:0.00} ms per recorded step, {(sequential - bare) / 8 * 1000:0} µs per transaction)");
            }

            foreach (var silos in new[] { 1, 2, 3 })
            {
                var rate = await ClusterRateAsync(server.ConnectionString, silos, runs, concurrency);
                Console.WriteLine($"{silos} silo{(silos == 1 ? " " : "s")}, PostgreSQL:         {rate:0} runs/s (silos in processes of their own, client in this one)");
            }

            if (!options.ContainsKey("skip-failover"))
            {
                await FailoverAsync(server.ConnectionString, fast: true);
                await FailoverAsync(server.ConnectionString, fast: false);
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        return 0;
    }

    private static async Task<double> SequentialAsync(WorkflowDefinition<int, int> workflow, int count, IRunStore? store)
    {
        for (var i = 0; i < 20; i++)
        {
            await WorkflowRun.RunAsync(workflow, i, options: new WorkflowRunOptions { Store = store });
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var result = await WorkflowRun.RunAsync(workflow, i, options: new WorkflowRunOptions { Store = store });
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors));
            }
        }

        return clock.Elapsed.TotalMilliseconds / count;
    }

    private static async Task<double> ConcurrentAsync(int count, int concurrency, IRunStore store)
    {
        using var slots = new SemaphoreSlim(concurrency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await slots.WaitAsync();
            try
            {
                // Off the caller's thread: the store's writes block, as they do on a silo.
                await Task.Run(async () => await WorkflowRun.RunAsync(ThreeNoOps.Definition, i, options: new WorkflowRunOptions { Store = store }));
            }
            finally
            {
                slots.Release();
            }
        }));
        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> ClusterRateAsync(string connectionString, int silos, int count, int concurrency)
    {
        var name = $"bench{silos}";
        var workers = Enumerable.Range(1, silos).Select(i => Worker.Start(connectionString, name, i, fast: true)).ToList();
        try
        {
            foreach (var worker in workers)
            {
                await worker.ReadyAsync();
            }

            await using var client = await Client.ConnectAsync(connectionString, name);
            await client.RunAsync(20, concurrency);
            var before = client.Completed();
            var clock = Stopwatch.StartNew();
            await client.RunAsync(count, concurrency);
            while (client.Completed() < before + count)
            {
                await Task.Delay(20);
            }

            return count / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    private static async Task FailoverAsync(string connectionString, bool fast)
    {
        var name = fast ? "failfast" : "faildefault";
        var workers = Enumerable.Range(1, 3).Select(i => Worker.Start(connectionString, name, i, fast)).ToList();
        try
        {
            foreach (var worker in workers)
            {
                await worker.ReadyAsync();
            }

            await using var client = await Client.ConnectAsync(connectionString, name);
            var started = await client.StartSlowAsync(30);
            await Task.Delay(TimeSpan.FromSeconds(1));
            workers[1].Kill();
            var killed = DateTimeOffset.UtcNow;
            var recoveries = new List<TimeSpan>();
            foreach (var runId in started)
            {
                var events = await client.UntilFinishedAsync(runId);
                recoveries.AddRange(events.Where(e => e.Kind == RunEventKind.Resumed && e.Detail == "recovery").Select(e => e.At - killed));
            }

            var settings = fast
                ? "lease 4 s; probes of 2 s, 2 missed, 2 votes; table refresh 2 s"
                : "defaults: lease 15 s; Orleans' membership defaults";
            Console.WriteLine(recoveries.Count == 0
                ? $"kill -9 of 1 of 3 silos ({settings}): no run was on it"
                : $"kill -9 of 1 of 3 silos ({settings}): its {recoveries.Count} runs continued elsewhere {recoveries.Min().TotalSeconds:0.0}–{recoveries.Max().TotalSeconds:0.0} s after the kill");
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    /// <summary>pg_test_fsync's figure for one 8 kB fdatasync, the way PostgreSQL commits on Linux.</summary>
    private static string Fsync()
    {
        var tool = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_test_fsync")).FirstOrDefault(File.Exists)
            : null;
        if (tool is null)
        {
            return "pg_test_fsync not found (apt-get install -y postgresql)";
        }

        var file = Path.Combine(Path.GetTempPath(), "orchestration-fsync-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-s", "2", "-f", file })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        File.Delete(file);
        var match = Regex.Match(output, @"fdatasync\s+([\d.]+) ops/sec\s+(\d+) usecs/op");
        return match.Success ? $"pg_test_fsync: one 8 kB fdatasync takes {match.Groups[2].Value} µs ({match.Groups[1].Value} ops/s)" : "pg_test_fsync: " + output;
    }

    private static async Task<int> WorkerAsync(Dictionary<string, string> options)
    {
        var fast = options.GetValueOrDefault("fast") == "true";
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddOrchestration();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options["cluster"], "bench"));
            silo.ConfigureEndpoints(IPAddress.Loopback, int.Parse(options["silo-port"], Invariant), int.Parse(options["gateway-port"], Invariant));
            if (fast)
            {
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(2);
                    o.NumMissedProbesLimit = 2;
                    o.NumVotesForDeathDeclaration = 2;
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                });
            }

            silo.AddOrchestrationWorkers(options["connection"], o =>
            {
                o.Store.Schema = options["cluster"] + "_runs";
                o.MembershipSchema = options["cluster"] + "_orleans";
                if (fast)
                {
                    o.Store.Lease = TimeSpan.FromSeconds(4);
                }
            });
        });

        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine("ready");
        await Task.Run(() => Console.In.ReadToEnd());
        await host.StopAsync();
        return 0;
    }

    /// <summary>A silo of the benchmark in a process of its own, output to a file.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly Process _process;
        private readonly string _output;

        private Worker(Process process, string output)
        {
            _process = process;
            _output = output;
        }

        public static Worker Start(string connectionString, string cluster, int index, bool fast)
        {
            var output = Path.Combine(Path.GetTempPath(), $"orchestration-bench-{cluster}-{index}-{Guid.NewGuid():N}.out");
            var info = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("exec dotnet \"$0\" \"$@\" > \"$OUTPUT\" 2>&1");
            info.ArgumentList.Add(typeof(Program).Assembly.Location);
            info.Environment["OUTPUT"] = output;
            foreach (var argument in new[]
            {
                "worker", "--connection", connectionString, "--cluster", cluster, "--fast", fast ? "true" : "false",
                "--silo-port", FreePort().ToString(Invariant), "--gateway-port", FreePort().ToString(Invariant),
            })
            {
                info.ArgumentList.Add(argument);
            }

            File.WriteAllText(output, string.Empty);
            return new Worker(Process.Start(info)!, output);
        }

        public async Task ReadyAsync()
        {
            while (!File.ReadAllText(_output).Contains("ready", StringComparison.Ordinal))
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException("A worker stopped before it was ready:\n" + File.ReadAllText(_output));
                }

                await Task.Delay(100);
            }
        }

        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }

            _process.Dispose();
            File.Delete(_output);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    /// <summary>The benchmark's client: starts runs on the cluster, and counts completed runs in the store's table.</summary>
    private sealed class Client : IAsyncDisposable
    {
        private readonly IHost _host;
        private readonly NpgsqlDataSource _counter;
        private readonly string _schema;

        private Client(IHost host, NpgsqlDataSource counter, string schema)
        {
            _host = host;
            _counter = counter;
            _schema = schema;
        }

        private WorkflowClient Workflows => _host.Services.GetRequiredService<WorkflowClient>();

        public static async Task<Client> ConnectAsync(string connectionString, string cluster)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster, "bench"));
                client.AddOrchestrationClient(connectionString, o =>
                {
                    o.Store.Schema = cluster + "_runs";
                    o.MembershipSchema = cluster + "_orleans";
                });
            });
            var host = builder.Build();
            await host.StartAsync();
            return new Client(host, NpgsqlDataSource.Create(connectionString), cluster + "_runs");
        }

        public async Task RunAsync(int count, int concurrency)
        {
            using var slots = new SemaphoreSlim(concurrency);
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                await slots.WaitAsync();
                try
                {
                    await Workflows.StartAsync(ThreeNoOps.Definition, i);
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        public async Task<List<string>> StartSlowAsync(int count)
        {
            var started = new List<string>();
            foreach (var i in Enumerable.Range(0, count))
            {
                started.Add((await Workflows.StartAsync(ThreeSlow.Definition, i)).RunId);
            }

            return started;
        }

        public async Task<IReadOnlyList<RunEvent>> UntilFinishedAsync(string runId)
        {
            await Workflows.Get(ThreeSlow.Definition, runId).WaitForResultAsync();
            return Workflows.Store.ReadEvents(runId);
        }

        /// <summary>How many runs completed: one query on the store's table (following every run would be the load measured).</summary>
        public long Completed()
        {
            using var command = _counter.CreateCommand($"SELECT count(*) FROM {_schema}.runs WHERE status = 'completed'");
            return (long)command.ExecuteScalar()!;
        }

        public async ValueTask DisposeAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _host.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Its gateways may be gone already.
            }

            _host.Dispose();
            await _counter.DisposeAsync();
        }
    }
}
