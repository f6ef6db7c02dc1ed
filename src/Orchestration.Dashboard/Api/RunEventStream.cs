using System;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Orchestration.Records;

namespace Orchestration.Dashboard.Api;

/// <summary>
/// A run's events as server-sent events, fed by <see cref="IRunStore.FollowAsync"/>: each event as <c>event: run</c>
/// with its sequence as the id (so a reconnecting browser resumes after the last one it got, through
/// <c>Last-Event-ID</c>), then <c>event: end</c> once the run has finished.
/// </summary>
internal static class RunEventStream
{
    /// <summary>Streams the events of <paramref name="runId"/> after <paramref name="after"/> until the run finishes, the client leaves or <paramref name="stopping"/> fires.</summary>
    public static async Task WriteAsync(HttpContext context, IRunStore store, string runId, long after, CancellationToken stopping)
    {
        // Read before answering, so that an unknown run is a 404 rather than an empty stream.
        var finished = store.Load(runId).IsFinished;
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = linked.Token;
        try
        {
            await WriteAsync(response, ": run " + runId.Replace('\n', ' ') + "\n\n", token).ConfigureAwait(false);
            if (finished)
            {
                // Nothing more will be written: send what the client has not seen and end, instead of following forever.
                foreach (var item in store.ReadEvents(runId, after))
                {
                    await WriteEventAsync(response, item, token).ConfigureAwait(false);
                }

                await WriteAsync(response, "event: end\ndata: {}\n\n", token).ConfigureAwait(false);
                return;
            }

            await foreach (var item in store.FollowAsync(runId, after, token).ConfigureAwait(false))
            {
                await WriteEventAsync(response, item, token).ConfigureAwait(false);
                if (item.Kind == RunEventKind.Finished)
                {
                    await WriteAsync(response, "event: end\ndata: {}\n\n", token).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The browser left, or the dashboard is stopping.
        }
    }

    /// <summary>Where a stream starts: after the client's <c>Last-Event-ID</c> when it reconnects, else after <c>?after=</c>, else from the start.</summary>
    public static long StartAfter(HttpRequest request)
    {
        foreach (var value in new[] { request.Headers["Last-Event-ID"].ToString(), request.Query["after"].ToString() })
        {
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                return sequence;
            }
        }

        return 0;
    }

    private static Task WriteEventAsync(HttpResponse response, RunEvent item, CancellationToken token) =>
        WriteAsync(response, string.Create(CultureInfo.InvariantCulture, $"id: {item.Sequence}\nevent: run\ndata: {ApiJson.Event(item)}\n\n"), token);

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken token)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), token).ConfigureAwait(false);
        await response.Body.FlushAsync(token).ConfigureAwait(false);
    }
}
