using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Orchestration.Records;
using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace Orchestration.Orleans;

/// <summary>
/// A run's home on a silo. The run executes on the thread pool, not in the grain's turns: a long or blocking step never
/// holds up a call to the grain (respond, continue, locate), and no call waits for the run, so Orleans' response timeout
/// never meets a long run. While the run executes the activation is kept alive; when it waits or ends, the activation
/// goes, and the store holds everything. One writer per run is the store's claim, not the activation: when membership
/// briefly allows two activations (a partition), the second cannot claim the run.
/// </summary>
/// <remarks>
/// Random placement: runs are many, independent and alike, so spreading them evenly needs no load statistics.
/// </remarks>
[RandomPlacement]
internal sealed class RunGrain : Grain, IRunGrain
{
    private static readonly Action<ILogger, string, string, string, Exception?> RunEnded =
        LoggerMessage.Define<string, string, string>(LogLevel.Debug, new EventId(1, "RunEnded"), "Run {RunId} of workflow {WorkflowId} stopped here: {Status}");

    private static readonly Action<ILogger, string, string, Exception?> RunFailed =
        LoggerMessage.Define<string, string>(LogLevel.Error, new EventId(2, "RunFailed"), "Run {RunId} of workflow {WorkflowId} stopped with an exception");

    // Long enough for any run; a run that waits or ends deactivates the grain at once (DeactivateOnIdle undoes this).
    private static readonly TimeSpan KeepAliveWhileRunning = TimeSpan.FromDays(365);

    private readonly RunHost _host;
    private readonly ILogger _logger;
    private readonly string _silo;
    private Task<WorkflowResult>? _execution;

    public RunGrain(RunHost host, ILocalSiloDetails silo, ILogger<RunGrain> logger)
    {
        _host = host;
        _logger = logger;
        _silo = $"{silo.Name} ({silo.SiloAddress.ToParsableString()}, process {Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
    }

    private string RunId => this.GetPrimaryKeyString();

    private bool Executing => _execution is { IsCompleted: false };

    public Task<RunReply> StartAsync(string workflowId, string fingerprint, string inputJson)
    {
        WorkflowDefinition workflow;
        object? input;
        try
        {
            workflow = _host.Workflow(workflowId, fingerprint);
            input = ReadInput(workflow, inputJson);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            return Task.FromResult(Refuse(ex));
        }

        var runId = RunId;
        return BeginAsync(workflowId, store => _host.StartAsync(workflowId, input, runId, store));
    }

    public Task<RunReply> RespondAsync(string workflowId, string? requestId, string responseJson) =>
        ContinueWithAsync(workflowId, (workflow, runId, store) => _host.RespondAsync(workflow, runId, requestId, responseJson, store));

    public Task<RunReply> ContinueAsync(string workflowId, string reason)
    {
        if (Executing)
        {
            // The usual answer to the recovery scan, which sees every running run: a live writer (this one) has it.
            return Task.FromResult(Reply(RunReplyKind.Held, $"Run '{RunId}' is executing in its grain on {_silo}."));
        }

        return ContinueWithAsync(workflowId, (workflow, runId, store) => _host.RecoverAsync(workflow, runId, store));
    }

    /// <summary>Continues this run with this silo's definition of <paramref name="workflowId"/> (any version: the claim checks the record's).</summary>
    private Task<RunReply> ContinueWithAsync(string workflowId, Func<WorkflowDefinition, string, IRunStore, Task<WorkflowResult>> continuation)
    {
        WorkflowDefinition workflow;
        try
        {
            workflow = _host.Workflow(workflowId, fingerprint: null);
        }
        catch (InvalidOperationException ex)
        {
            return Task.FromResult(Refuse(ex));
        }

        var runId = RunId;
        return BeginAsync(workflowId, store => continuation(workflow, runId, store));
    }

    public Task<RunReply> LocateAsync() => Task.FromResult(Reply(RunReplyKind.Accepted, Executing ? "executing" : "idle"));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A silo shutting down lets a run finish its step until the deactivation times out; a run still going then is
        // interrupted with its process, and continued elsewhere from its records.
        if (_execution is { IsCompleted: false } execution)
        {
            await Task.WhenAny(execution, Task.Delay(Timeout.Infinite, cancellationToken));
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// Starts <paramref name="run"/> on the thread pool and answers once it was taken on (or why it was not); the run
    /// goes on, watched from this activation.
    /// </summary>
    private async Task<RunReply> BeginAsync(string workflowId, Func<IRunStore, Task<WorkflowResult>> run)
    {
        var store = new AcceptingStore(_host.Store);
        var execution = Task.Run(() => run(store));

        // Resumes in the grain's own context: the fields below are the activation's.
        await Task.WhenAny(store.Accepted, execution);
        if (!store.Accepted.IsCompleted)
        {
            if (_execution is null || _execution.IsCompleted)
            {
                DeactivateOnIdle();
            }

            return execution.IsFaulted ? Refuse(execution.Exception!.GetBaseException()) : Reply(RunReplyKind.Accepted, "ended at once");
        }

        _execution = execution;
        DelayDeactivation(KeepAliveWhileRunning);
        _ = WatchAsync(workflowId, execution);
        return Reply(RunReplyKind.Accepted, "running here");
    }

    /// <summary>Logs how the execution ended, and lets the activation go when it was the last one.</summary>
    private async Task WatchAsync(string workflowId, Task<WorkflowResult> execution)
    {
        try
        {
            var result = await execution;
            RunEnded(_logger, RunId, workflowId, result.Status == WorkflowStatus.Waiting ? $"waiting ({result.Wait})" : result.Status.ToString(), null);
        }
        catch (Exception ex)
        {
            // The store failed even for the run's last write: the record stays running, and the scan continues it once the store works.
            // (A run whose failure could be recorded is recorded as stopped by its store, and the scan continues it too.)
            RunFailed(_logger, RunId, workflowId, ex);
        }

        if (ReferenceEquals(_execution, execution))
        {
            _execution = null;
            DeactivateOnIdle();
        }
    }

    private object? ReadInput(WorkflowDefinition workflow, string inputJson)
    {
        var type = workflow.InputType ?? throw new InvalidOperationException(
            $"Workflow '{workflow.Id}' was registered at run time without input and output types; the workers run generated workflows only (declare it with [Workflow]).");
        try
        {
            return JsonSerializer.Deserialize(inputJson, _host.Json.GetTypeInfo(type));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new ArgumentException($"The input is not a {type.FullName} in JSON: {ex.Message}", nameof(inputJson), ex);
        }
    }

    private RunReply Reply(RunReplyKind kind, string message) => new(kind, message, _silo, Executing);

    private RunReply Refuse(Exception ex) => Reply(
        ex switch
        {
            ResponseRefusedException => RunReplyKind.Refused,
            RunClaimedException => RunReplyKind.Held,
            KeyNotFoundException => RunReplyKind.NotFound,
            InvalidOperationException or ArgumentException => RunReplyKind.Invalid,
            RunStoreException => RunReplyKind.StoreFailed,
            _ => RunReplyKind.Failed,
        },
        ex is ResponseRefusedException or RunClaimedException or KeyNotFoundException or InvalidOperationException or ArgumentException or RunStoreException
            ? ex.Message
            : $"{ex.GetType().FullName}: {ex.Message}");
}
