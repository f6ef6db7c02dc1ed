using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orchestration.Records;

namespace Orchestration.Dashboard.Api;

/// <summary>
/// Answers waiting runs for the dashboard and keeps the runs it continued: an answered run goes on in this process,
/// beyond the request that answered it, until it ends, waits again, or the dashboard stops (which cancels it; its record
/// then says so and the application can resume it).
/// </summary>
internal sealed class RunResponder : IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly DashboardOptions _options;
    private readonly IServiceProvider? _services;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, string> _continuing = new();

    public RunResponder(DashboardOptions options, IServiceProvider? services, ILogger logger)
    {
        _options = options;
        _services = services;
        _logger = logger;
    }

    /// <summary>Records <paramref name="responseJson"/> as the answer to <paramref name="runId"/> and lets the run continue.</summary>
    /// <returns>The HTTP status and the message for the person who answered.</returns>
    public (int Status, string Message) Answer(string runId, string responseJson)
    {
        if (Answering.WhyReadOnly(_options) is { } readOnly)
        {
            return (StatusCodes.Status403Forbidden, readOnly);
        }

        RunRecord record;
        try
        {
            record = _options.Store.Load(runId);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or ArgumentException)
        {
            return (StatusCodes.Status404NotFound, ex.Message);
        }

        if (Answering.WhyNot(_options, record, out var workflow) is { } reason)
        {
            return (StatusCodes.Status409Conflict, reason);
        }

        var runOptions = new WorkflowRunOptions { Store = _options.Store, RecordSerializer = _options.RecordSerializer };
        Task<WorkflowResult> continued;
        try
        {
            // Checking and recording the answer happen before this returns; what it returns is the continued run.
            continued = WorkflowRun.RespondWithJsonAsync(workflow!, runId, responseJson, _services, runOptions, cancellationToken: _stopping.Token).AsTask();
        }
        catch (Exception ex) when (Refusal(ex) is { } status)
        {
            return (status, ex.Message);
        }

        if (continued.IsFaulted && Refusal(continued.Exception!.InnerException!) is { } refused)
        {
            return (refused, continued.Exception.InnerException!.Message);
        }

        Track(runId, continued);
        return (StatusCodes.Status202Accepted, $"Response recorded; run '{runId}' continues.");
    }

    /// <summary>Cancels the runs this dashboard continued and waits a little for them to record how they ended.</summary>
    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        var running = _continuing.Keys.ToArray();
        try
        {
            Task.WaitAll(running, StopGrace);
        }
        catch (AggregateException)
        {
            // Each run's end (cancelled, or failed) is in its record; Track has logged what escaped.
        }
    }

    private void Track(string runId, Task<WorkflowResult> continued)
    {
        _continuing[continued] = runId;
        continued.ContinueWith(
            task =>
            {
                _continuing.TryRemove(task, out _);
                if (task.Exception is { } error && !_stopping.IsCancellationRequested)
                {
                    _logger.LogError(error.InnerException, "Run {RunId}, answered from the dashboard, stopped with an exception; its record says how far it got.", runId);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    // What the runtime throws when an answer does not fit, mapped to what the person who answered should be told.
    private static int? Refusal(Exception ex) => ex switch
    {
        KeyNotFoundException => StatusCodes.Status404NotFound,
        ArgumentException => StatusCodes.Status400BadRequest,
        InvalidOperationException => StatusCodes.Status409Conflict, // including RunClaimedException: another writer holds the run
        _ => null,
    };
}
