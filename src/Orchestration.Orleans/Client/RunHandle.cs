using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;

namespace Orchestration.Orleans;

/// <summary>
/// A run on the workers, seen from a client: follow its events, answer its waits, await its typed result. Everything
/// but answering reads the run store, so it works whichever silo runs the run, and while none does (it waits, or its
/// silo died and another has yet to take it over).
/// </summary>
/// <typeparam name="TOutput">The workflow's output type.</typeparam>
public sealed class RunHandle<TOutput>
{
    private readonly WorkflowClient _client;

    internal RunHandle(WorkflowClient client, WorkflowDefinition workflow, string runId)
    {
        _client = client;
        Workflow = workflow;
        RunId = runId;
    }

    /// <summary>The run id.</summary>
    public string RunId { get; }

    /// <summary>The run's workflow.</summary>
    public WorkflowDefinition Workflow { get; }

    /// <summary>
    /// The run's events after <paramref name="afterSequence"/>, then each new one as it is recorded, until the run
    /// finishes (see <see cref="IRunStore.FollowAsync"/>); stop at <see cref="RunEventKind.Waiting"/> to follow it only
    /// until it waits.
    /// </summary>
    /// <param name="afterSequence">The last event already seen (0 for all).</param>
    /// <param name="cancellationToken">Stops following.</param>
    /// <exception cref="KeyNotFoundException">No run has that id.</exception>
    public IAsyncEnumerable<RunEvent> FollowAsync(long afterSequence = 0, CancellationToken cancellationToken = default) =>
        _client.Store.FollowAsync(RunId, afterSequence, cancellationToken);

    /// <summary>Follows the run until it waits or finishes, and returns what it waits for (<see langword="null"/> when it finished).</summary>
    /// <param name="cancellationToken">Stops following.</param>
    /// <exception cref="KeyNotFoundException">No run has that id.</exception>
    public async Task<RunWait?> UntilWaitingAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var item in _client.Store.FollowAsync(RunId, 0, cancellationToken).ConfigureAwait(false))
        {
            if (item.Kind == RunEventKind.Finished)
            {
                return null;
            }

            if (item.Kind == RunEventKind.Waiting && _client.Store.Load(RunId) is { Status: "waiting", Wait: { } wait })
            {
                return wait;
            }
        }

        return null;
    }

    /// <summary>
    /// Answers the waiting run: its grain (activated wherever Orleans places it) checks the response against what the run
    /// waits for, records it, and continues the run there. Returns once the response was recorded.
    /// </summary>
    /// <typeparam name="TResponse">The response type of the input request the run waits on.</typeparam>
    /// <param name="response">The response.</param>
    /// <param name="requestId">The input request answered; when given, a run waiting on another request refuses it.</param>
    /// <param name="cancellationToken">Stops waiting for the cluster's answer (the response may still be recorded).</param>
    /// <exception cref="ResponseRefusedException">The response has the wrong type or was refused; nothing was recorded and the run still waits.</exception>
    /// <exception cref="RunClaimedException">The run is executing (not waiting), or another writer holds it.</exception>
    /// <exception cref="InvalidOperationException">The run is not waiting for a response, or its deadline passed.</exception>
    /// <exception cref="KeyNotFoundException">No run has that id.</exception>
    public async Task RespondAsync<TResponse>(TResponse response, string? requestId = null, CancellationToken cancellationToken = default)
    {
        string json;
        try
        {
            json = JsonSerializer.Serialize(response, _client.Json.GetTypeInfo(typeof(TResponse)));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            throw new ResponseRefusedException(
                $"The response ({typeof(TResponse).FullName}) cannot be written as JSON with the record serializer, so it cannot be sent to the run: {ex.Message}",
                RunId,
                requestId ?? string.Empty,
                ex);
        }

        var reply = await _client.Grain(RunId).RespondAsync(Workflow.Id, requestId, json).WaitAsync(cancellationToken).ConfigureAwait(false);
        reply.EnsureAccepted(RunId, requestId);
    }

    /// <summary>
    /// Waits until the run finishes (however many silos it passes through) and returns its status, typed output and
    /// errors, read from its record. A run waiting for a response finishes only once answered.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; the run goes on.</param>
    /// <exception cref="KeyNotFoundException">No run has that id.</exception>
    /// <exception cref="InvalidOperationException">The recorded output cannot be read as <typeparamref name="TOutput"/> with the record serializer.</exception>
    public async Task<RunOutcome<TOutput>> WaitForResultAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var item in _client.Store.FollowAsync(RunId, 0, cancellationToken).ConfigureAwait(false))
        {
            if (item.Kind == RunEventKind.Finished)
            {
                break;
            }
        }

        return Outcome(_client.Store.Load(RunId));
    }

    /// <summary>Where the run's grain is now (activating it when it was not active), and whether the run executes there.</summary>
    /// <param name="cancellationToken">Stops waiting for the cluster's answer.</param>
    public async Task<RunLocation> LocateAsync(CancellationToken cancellationToken = default)
    {
        var reply = await _client.Grain(RunId).LocateAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return new RunLocation(RunId, reply.Silo, reply.Executing);
    }

    private RunOutcome<TOutput> Outcome(RunRecord record)
    {
        TOutput? output = default;
        if (record.Status == "completed" && record.Output is { } json)
        {
            try
            {
                output = (TOutput?)JsonSerializer.Deserialize(json, _client.Json.GetTypeInfo(typeof(TOutput)));
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                throw new InvalidOperationException(
                    $"Run '{RunId}' completed, but its recorded output cannot be read as {typeof(TOutput).FullName} with the record serializer: {ex.Message}. " +
                    "The client and the silos must use the same record serializer (OrchestrationClientOptions.RecordSerializer).",
                    ex);
            }
        }

        return new RunOutcome<TOutput>(RunId, record.Status, output, record.Errors, record);
    }

    /// <inheritdoc />
    public override string ToString() => $"run {RunId} of '{Workflow.Id}'";
}
