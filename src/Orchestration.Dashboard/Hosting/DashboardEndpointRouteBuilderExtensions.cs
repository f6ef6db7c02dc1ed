using System;
using System.Threading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestration.Dashboard.Api;

namespace Orchestration.Dashboard;

/// <summary>Maps the Orchestration dashboard into an ASP.NET Core application.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard under <paramref name="pattern"/>: the run list at <c>{pattern}/</c>, a run at
    /// <c>{pattern}/runs/{runId}</c>, the JSON API under <c>{pattern}/api/</c>. Every route needs
    /// <see cref="DashboardOptions.AccessToken"/>: open <c>{pattern}/?token={AccessToken}</c> once in a browser. Requests
    /// from other machines are refused unless <see cref="DashboardOptions.AllowRemoteClients"/> is set.
    /// </summary>
    /// <param name="endpoints">The application's endpoints (a <c>WebApplication</c>).</param>
    /// <param name="options">What the dashboard shows and allows. To answer waiting runs, set <see cref="DashboardOptions.AllowResponses"/> and <see cref="DashboardOptions.Registry"/>.</param>
    /// <param name="pattern">The path prefix; <c>/dashboard</c> by default.</param>
    /// <returns>The group of the dashboard's endpoints, to add conventions such as the application's own authorization.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is not a plain path starting with '/'.</exception>
    /// <remarks>
    /// Runs answered from the dashboard continue in the application; when it stops they are cancelled (their records say
    /// so, and they can be resumed). Live pages' event streams end when the application stops.
    /// </remarks>
    public static IEndpointConventionBuilder MapOrchestrationDashboard(this IEndpointRouteBuilder endpoints, DashboardOptions options, string pattern = "/dashboard")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        var services = endpoints.ServiceProvider;
        var lifetime = services.GetService<IHostApplicationLifetime>();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Orchestration.Dashboard") ?? NullLogger.Instance;
        var responder = new RunResponder(options, options.Services ?? services, logger);
        lifetime?.ApplicationStopping.Register(responder.Dispose);
        return DashboardEndpoints.Map(endpoints, pattern, options, options.AllowRemoteClients, responder, lifetime?.ApplicationStopping ?? CancellationToken.None);
    }
}
