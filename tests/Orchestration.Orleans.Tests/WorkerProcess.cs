using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Orleans.Tests;

/// <summary>
/// A worker silo in its own process (tests/Hosts/WorkerHost), started on free loopback ports and killed with SIGKILL.
/// Its output goes to a file, not a pipe: a silo writing to a pipe that a busy test process drains late blocks on the
/// write, stops answering probes, and is declared dead.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private static readonly string HostPath = typeof(WorkerProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkerHost").Value!;

    private readonly Process _process;
    private readonly string _outputPath;

    private WorkerProcess(string name, Process process, string outputPath)
    {
        Name = name;
        _process = process;
        _outputPath = outputPath;
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    /// <summary>What the worker printed (Orleans' warnings and errors), for failure messages.</summary>
    public string Output
    {
        get
        {
            using var stream = new FileStream(_outputPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Starts a worker; <paramref name="arguments"/> are WorkerHost's (connection, schemas, log, timings).</summary>
    public static WorkerProcess Start(string name, params string[] arguments)
    {
        if (!File.Exists(HostPath))
        {
            throw new InvalidOperationException($"The worker program is not built at {HostPath}; build tests/Hosts/WorkerHost (the test project references it).");
        }

        // The shell only redirects and then becomes the worker (exec), so the process killed is the worker itself.
        var outputPath = Path.Combine(Path.GetTempPath(), $"orchestration-worker-{name}-{Guid.NewGuid():N}.out");
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec dotnet \"$0\" \"$@\" > \"$OUTPUT\" 2>&1");
        info.ArgumentList.Add(HostPath);
        info.Environment["OUTPUT"] = outputPath;
        foreach (var argument in new[] { "--name", name, "--silo-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateway-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        File.WriteAllText(outputPath, string.Empty);
        return new WorkerProcess(name, Process.Start(info) ?? throw new InvalidOperationException("Could not start the worker program."), outputPath);
    }

    /// <summary>Waits until the silo is active (it printed "ready").</summary>
    public async Task ReadyAsync(CancellationToken cancellationToken)
    {
        while (!Output.Split('\n').Contains("ready"))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Worker {Name} stopped before it was ready (exit code {_process.ExitCode}):\n{Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Kills the process at once, as <c>kill -9</c> does (SIGKILL): no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        File.Delete(_outputPath);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
