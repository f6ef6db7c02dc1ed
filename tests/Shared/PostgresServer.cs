using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Orchestration.Tests.Shared;

/// <summary>
/// A throwaway PostgreSQL server for the tests: a new cluster in a temporary directory (initdb), started on a free
/// loopback port (pg_ctl), stopped and deleted afterwards. It runs as the <c>postgres</c> user when the tests run as
/// root (PostgreSQL refuses root). When the binaries are missing it installs Debian's <c>postgresql</c> package with
/// apt-get (as root) and says so; when it cannot, every test that needs it fails with the reason. Compiled into every
/// test project that needs a server (tests/Shared). It accepts 500 connections: enough for several processes, each
/// with a full Npgsql pool (100 by default).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private string _directory = null!;
    private string _bin = null!;
    private bool _asPostgres;

    public int Port { get; private set; }

    /// <summary>A connection string to the tests' database, as the server's superuser.</summary>
    public string ConnectionString { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _bin = await FindOrInstallAsync();
        _asPostgres = Environment.UserName == "root";
        _directory = Path.Combine(Path.GetTempPath(), "orchestration-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        if (_asPostgres)
        {
            Run("chown", "postgres:postgres", _directory);
        }

        Port = FreePort();
        Tool("initdb", "-D", Path.Combine(_directory, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
        Tool("pg_ctl", "-w", "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "server.log"), "start",
            "-o", $"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={_directory} -c fsync=on -c max_connections=500");

        var admin = $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE orchestration_tests", connection);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = $"Host=127.0.0.1;Port={Port};Username=postgres;Database=orchestration_tests;Maximum Pool Size=100";
    }

    public Task DisposeAsync()
    {
        try
        {
            Tool("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops the server (fast, as a crash would) and starts it again on the same port and data.</summary>
    public void Restart()
    {
        Tool("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "stop");
        Tool("pg_ctl", "-w", "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "server.log"), "start",
            "-o", $"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={_directory} -c fsync=on -c max_connections=500");

        // The tests' own pooled connections died with the server.
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task<string> FindOrInstallAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (Find() is { } found)
            {
                return found;
            }

            if (Environment.UserName != "root")
            {
                throw new InvalidOperationException(
                    "PostgreSQL's server binaries (initdb, pg_ctl) are not installed and these tests are not running as root, so they cannot install them: " +
                    "run 'sudo apt-get install -y postgresql' (Debian), then run the tests again.");
            }

            Console.Error.WriteLine("The PostgreSQL tests need PostgreSQL's server binaries: installing Debian's 'postgresql' package (apt-get update; apt-get install -y postgresql).");
            Run("apt-get", "update", "-qq");
            Run("apt-get", "install", "-y", "-qq", "postgresql");
            return Find() ?? throw new InvalidOperationException("apt-get installed 'postgresql', but no initdb was found under /usr/lib/postgresql/*/bin.");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static string? Find() => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
        : null;

    private void Tool(string name, params string[] arguments)
    {
        var path = Path.Combine(_bin, name);
        if (_asPostgres)
        {
            Run("runuser", new[] { "-u", "postgres", "--", path }.Concat(arguments).ToArray());
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {error.Result.Trim()} {output.Result.Trim()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

