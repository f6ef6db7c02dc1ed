using System;
using System.Net;

namespace Orchestration.Dashboard;

/// <summary>Where a self-hosted <see cref="DashboardServer"/> listens.</summary>
public sealed class DashboardServerOptions
{
    private readonly int _port;

    /// <summary>
    /// The address to listen on; <see cref="IPAddress.Loopback"/> (127.0.0.1) by default. Any other address than a
    /// loopback one is refused unless <see cref="AllowRemote"/> is set.
    /// </summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 (the default) for a free one, which <see cref="DashboardServer.Url"/> then reports.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The port is not between 0 and 65535.</exception>
    public int Port
    {
        get => _port;
        init => _port = value is >= IPEndPoint.MinPort and <= IPEndPoint.MaxPort
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A port is between 0 (any free port) and 65535.");
    }

    /// <summary>
    /// Whether the dashboard may listen on a non-loopback address and serve other machines. Off by default. The dashboard
    /// speaks plain HTTP: the access token and the records (prompts, outputs) cross the network unencrypted.
    /// </summary>
    public bool AllowRemote { get; init; }
}
