using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestration.Dashboard.Api;
using Orchestration.Dashboard.Assets;
using Orchestration.Dashboard.Pages;
using Orchestration.Dashboard.Security;
using Orchestration.Records;

namespace Orchestration.Dashboard;

/// <summary>
/// The dashboard's routes under one prefix, and the checks in front of them: loopback clients only (unless allowed), the
/// access token, the security headers, and for the one write route the respond flag, a JSON body and a same-origin caller.
/// </summary>
internal sealed class DashboardEndpoints
{
    private const int MaxResponseBytes = 1024 * 1024;

    private readonly DashboardOptions _options;
    private readonly string _prefix;
    private readonly bool _allowRemoteClients;
    private readonly string _cookieName;
    private readonly RunResponder _responder;
    private readonly CancellationToken _stopping;

    private DashboardEndpoints(DashboardOptions options, string prefix, bool allowRemoteClients, RunResponder responder, CancellationToken stopping)
    {
        _options = options;
        _prefix = prefix;
        _allowRemoteClients = allowRemoteClients;
        _cookieName = DashboardToken.CookieName(options.AccessToken);
        _responder = responder;
        _stopping = stopping;
    }

    /// <summary>Maps the dashboard under <paramref name="pattern"/>.</summary>
    /// <param name="endpoints">Where to map.</param>
    /// <param name="pattern">The path prefix, such as <c>/</c> or <c>/dashboard</c>.</param>
    /// <param name="options">What the dashboard shows and allows.</param>
    /// <param name="allowRemoteClients">Whether requests from other machines are served.</param>
    /// <param name="responder">Answers waiting runs.</param>
    /// <param name="stopping">Fires when the host stops: live streams end then, so that the host need not wait for them.</param>
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string pattern, DashboardOptions options, bool allowRemoteClients, RunResponder responder, CancellationToken stopping)
    {
        var prefix = NormalizePrefix(pattern);
        var dashboard = new DashboardEndpoints(options, prefix, allowRemoteClients, responder, stopping);
        var group = endpoints.MapGroup(prefix.Length == 0 ? "/" : prefix);
        group.MapGet("/", dashboard.Guard(dashboard.RunListAsync, page: true));
        group.MapGet("/runs/{runId}", dashboard.Guard(dashboard.RunAsync, page: true));
        group.MapGet("/api/runs", dashboard.Guard(dashboard.ApiRunsAsync, page: false));
        group.MapGet("/api/runs/{runId}", dashboard.Guard(dashboard.ApiRunAsync, page: false));
        group.MapGet("/api/runs/{runId}/steps", dashboard.Guard(dashboard.ApiStepsAsync, page: false));
        group.MapGet("/api/runs/{runId}/events", dashboard.Guard(dashboard.EventsAsync, page: false));
        group.MapPost("/api/runs/{runId}/respond", dashboard.Guard(dashboard.RespondAsync, page: false));
        group.MapGet("/assets/{name}", dashboard.AssetAsync);
        return group;
    }

    private static string NormalizePrefix(string pattern)
    {
        if (pattern is null || !pattern.StartsWith('/') || pattern.IndexOfAny(['{', '}', '?', '#', '*']) >= 0)
        {
            throw new ArgumentException($"The dashboard's path '{pattern}' must start with '/' and be a plain path (no route parameters, query or wildcard), such as \"/dashboard\".", nameof(pattern));
        }

        return pattern.TrimEnd('/');
    }

    private string Base(HttpContext context) => context.Request.PathBase.Value + _prefix + "/";

    private RequestDelegate Guard(Func<HttpContext, Task> handler, bool page) => async context =>
    {
        SecurityHeaders.Apply(context.Response);
        if (!ClientAllowed(context))
        {
            await TextAsync(context, StatusCodes.Status403Forbidden,
                "This dashboard serves only this machine (loopback clients): run records hold prompts and outputs. Start it with remote clients allowed (DashboardOptions.AllowRemoteClients, or orchestrate dashboard --allow-remote) to serve other machines.").ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            if (DashboardToken.Matches(_options.AccessToken, authorization.Substring("Bearer ".Length).Trim()))
            {
                await handler(context).ConfigureAwait(false);
            }
            else
            {
                await RefuseAsync(context, "The bearer token is not this dashboard's access token.").ConfigureAwait(false);
            }

            return;
        }

        if (request.Query.TryGetValue(DashboardToken.QueryParameter, out var queryToken))
        {
            if (!DashboardToken.Matches(_options.AccessToken, queryToken.ToString()))
            {
                await RefuseAsync(context, "The token in the URL is not this dashboard's access token (it changes each time the dashboard starts).").ConfigureAwait(false);
                return;
            }

            // From now on the cookie carries the token; the address loses it, so that it stays out of history and bookmarks.
            context.Response.Cookies.Append(_cookieName, _options.AccessToken, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = request.IsHttps,
                Path = Base(context),
                IsEssential = true,
            });
            if (page && HttpMethods.IsGet(request.Method))
            {
                var rest = request.Query.Where(p => p.Key != DashboardToken.QueryParameter).SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? string.Empty)));
                var query = string.Join("&", rest);
                context.Response.StatusCode = StatusCodes.Status303SeeOther;
                context.Response.Headers.Location = request.PathBase.Value + request.Path.Value + (query.Length == 0 ? string.Empty : "?" + query);
                return;
            }

            await handler(context).ConfigureAwait(false);
            return;
        }

        if (request.Cookies.TryGetValue(_cookieName, out var cookie) && DashboardToken.Matches(_options.AccessToken, cookie))
        {
            await handler(context).ConfigureAwait(false);
            return;
        }

        await RefuseAsync(context, "This dashboard needs its access token. Open the URL it printed when it started (it ends in ?token=...); the JSON API also takes the token as 'Authorization: Bearer <token>'.").ConfigureAwait(false);
    };

    private bool ClientAllowed(HttpContext context)
    {
        // No address means no network connection (an in-process server, a Unix socket).
        if (_allowRemoteClients || context.Connection.RemoteIpAddress is not { } address)
        {
            return true;
        }

        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    private static Task RefuseAsync(HttpContext context, string message)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"orchestration-dashboard\"";
        return TextAsync(context, StatusCodes.Status401Unauthorized, message);
    }

    private Task RunListAsync(HttpContext context)
    {
        var runs = _options.Store.List();
        var storeName = (_options.Store as FileRunStore)?.Root;
        return HtmlAsync(context, StatusCodes.Status200OK, RunListPage.Render(Base(context), storeName, runs, RunFilter.From(context.Request.Query), DateTimeOffset.UtcNow));
    }

    private Task RunAsync(HttpContext context) => WithRunAsync(context, page: true, runId =>
    {
        // Events first: the page follows on from the last one it shows, and anything newer triggers a refresh.
        var events = _options.Store.ReadEvents(runId);
        var record = _options.Store.Load(runId);
        var steps = _options.Store.ReadSteps(runId);
        return HtmlAsync(context, StatusCodes.Status200OK, RunPage.Render(Base(context), _options, record, steps, events, DateTimeOffset.UtcNow));
    });

    private Task ApiRunsAsync(HttpContext context) =>
        JsonAsync(context, ApiJson.RunList(RunFilter.From(context.Request.Query).Apply(_options.Store.List()), DateTimeOffset.UtcNow));

    private Task ApiRunAsync(HttpContext context) => WithRunAsync(context, page: false, runId => JsonAsync(context, _options.Store.Load(runId).ToJson()));

    private Task ApiStepsAsync(HttpContext context) => WithRunAsync(context, page: false, runId => JsonAsync(context, ApiJson.Steps(_options.Store.ReadSteps(runId))));

    private Task EventsAsync(HttpContext context) =>
        WithRunAsync(context, page: false, runId => RunEventStream.WriteAsync(context, _options.Store, runId, RunEventStream.StartAfter(context.Request), _stopping));

    private Task RespondAsync(HttpContext context) => WithRunAsync(context, page: false, async runId =>
    {
        if (Answering.WhyReadOnly(_options) is { } readOnly)
        {
            await TextAsync(context, StatusCodes.Status403Forbidden, readOnly).ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        if (request.Headers.Origin is { Count: > 0 } origin && !string.Equals(origin.ToString(), request.Scheme + "://" + request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            await TextAsync(context, StatusCodes.Status403Forbidden, $"A response can only be sent from the dashboard's own pages, not from {origin}.").ConfigureAwait(false);
            return;
        }

        if (!(request.ContentType ?? string.Empty).StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await TextAsync(context, StatusCodes.Status415UnsupportedMediaType, "Send the response as JSON, with Content-Type: application/json.").ConfigureAwait(false);
            return;
        }

        if (await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false) is not { } json)
        {
            await TextAsync(context, StatusCodes.Status413PayloadTooLarge, $"A response may have at most {MaxResponseBytes} bytes.").ConfigureAwait(false);
            return;
        }

        var (status, message) = _responder.Answer(runId, json);
        await TextAsync(context, status, message).ConfigureAwait(false);
    });

    private Task AssetAsync(HttpContext context)
    {
        SecurityHeaders.Apply(context.Response, cacheable: true);
        if (!ClientAllowed(context) || !EmbeddedAssets.TryGet((string?)context.Request.RouteValues["name"] ?? string.Empty, out var asset))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        context.Response.ContentType = asset.ContentType;
        return context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    /// <summary>Runs <paramref name="action"/> for the route's run, answering a missing run with 404 and an unreadable one with 500, each saying why.</summary>
    private async Task WithRunAsync(HttpContext context, bool page, Func<string, Task> action)
    {
        var runId = (string?)context.Request.RouteValues["runId"] ?? string.Empty;
        int status;
        string message;
        try
        {
            await action(runId).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or ArgumentException && !context.Response.HasStarted)
        {
            (status, message) = (StatusCodes.Status404NotFound, ex.Message);
        }
        catch (Exception ex) when (ex is InvalidDataException or RunStoreException or IOException or UnauthorizedAccessException && !context.Response.HasStarted)
        {
            (status, message) = (StatusCodes.Status500InternalServerError, "The run's records cannot be read: " + ex.Message);
        }

        if (page)
        {
            await HtmlAsync(context, status, PageLayout.Problem(Base(context), "Run " + runId, message)).ConfigureAwait(false);
        }
        else
        {
            await TextAsync(context, status, message).ConfigureAwait(false);
        }
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxResponseBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Task HtmlAsync(HttpContext context, int status, string html) => WriteAsync(context, status, "text/html; charset=utf-8", html);

    private static Task JsonAsync(HttpContext context, string json) => WriteAsync(context, StatusCodes.Status200OK, "application/json; charset=utf-8", json);

    private static Task TextAsync(HttpContext context, int status, string text) => WriteAsync(context, status, "text/plain; charset=utf-8", text + "\n");

    private static Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
