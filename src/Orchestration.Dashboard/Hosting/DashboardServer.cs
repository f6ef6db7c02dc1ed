using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestration.Dashboard.Api;

namespace Orchestration.Dashboard;

/// <summary>
/// A dashboard in its own small web server (Kestrel), for tools and tests: <see cref="StartAsync"/> listens on a loopback
/// port (a free one by default) and reports the <see cref="Url"/> to open, access token included. Applications that
/// already host ASP.NET Core map the dashboard into their own app instead
/// (<see cref="DashboardEndpointRouteBuilderExtensions.MapOrchestrationDashboard"/>).
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RunResponder _responder;
    private int _stopped;

    private DashboardServer(WebApplication app, RunResponder responder, DashboardOptions options, Uri baseAddress)
    {
        _app = app;
        _responder = responder;
        Options = options;
        BaseAddress = baseAddress;
        Url = new Uri(baseAddress, "?token=" + options.AccessToken);
    }

    /// <summary>Where the dashboard listens, such as <c>http://127.0.0.1:50123/</c> (without the token).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The address to open in a browser: <see cref="BaseAddress"/> with <c>?token=</c> and the access token.</summary>
    public Uri Url { get; }

    /// <summary>What the dashboard shows and allows.</summary>
    public DashboardOptions Options { get; }

    /// <summary>Starts a dashboard and returns once it accepts requests.</summary>
    /// <param name="options">What the dashboard shows and allows.</param>
    /// <param name="server">Where it listens; 127.0.0.1 on a free port when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <returns>The running dashboard; dispose it (or call <see cref="StopAsync"/>) to stop it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The address is not a loopback address and <see cref="DashboardServerOptions.AllowRemote"/> is not set.</exception>
    /// <exception cref="IOException">The address and port cannot be listened on (for example, the port is taken); the message says which.</exception>
    public static async Task<DashboardServer> StartAsync(DashboardOptions options, DashboardServerOptions? server = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        server ??= new DashboardServerOptions();
        var address = server.Address ?? throw new ArgumentException("DashboardServerOptions.Address is null; leave it unset for 127.0.0.1.", nameof(server));
        if (!IsLoopback(address) && !server.AllowRemote)
        {
            throw new ArgumentException(
                $"The dashboard listens on loopback addresses only (127.0.0.1, ::1), not {address}: another address would let other machines read run records (inputs, prompts, outputs). " +
                "Set DashboardServerOptions.AllowRemote (orchestrate dashboard --allow-remote) to listen there anyway; every request still needs the access token, and it travels over plain HTTP.",
                nameof(server));
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, server.Port);
        });
        builder.Services.AddRoutingCore();
        // The process that starts a dashboard owns Ctrl+C and SIGTERM: the default console lifetime would take them over.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        // Live pages' streams end when stopping begins, so stopping is quick; a stuck request is not waited for long.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();
        var logger = options.Services?.GetService<ILoggerFactory>()?.CreateLogger("Orchestration.Dashboard") ?? NullLogger.Instance;
        var responder = new RunResponder(options, options.Services, logger);
        DashboardEndpoints.Map(app, "/", options, options.AllowRemoteClients || server.AllowRemote, responder, app.Lifetime.ApplicationStopping);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            responder.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            if (ex is IOException)
            {
                throw new IOException($"The dashboard cannot listen on {address}:{server.Port}: {ex.Message} Choose another port, or 0 for any free one.", ex);
            }

            throw;
        }

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        // A wildcard address is reachable from this machine through loopback; report that, since a browser cannot open 0.0.0.0.
        var host = address.Equals(IPAddress.Any) ? "127.0.0.1" : address.Equals(IPAddress.IPv6Any) ? "[::1]" : bound.Host;
        return new DashboardServer(app, responder, options, new Uri($"http://{host}:{bound.Port}/"));
    }

    /// <summary>Stops listening: live pages' streams end, runs answered from this dashboard are cancelled (their records say so).</summary>
    /// <param name="cancellationToken">Makes stopping less graceful (open requests are aborted).</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        _responder.Dispose();
    }

    /// <summary>Stops the dashboard (see <see cref="StopAsync"/>) and releases the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A lifetime that leaves the process's signals alone: the dashboard starts and stops when its owner says so.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
