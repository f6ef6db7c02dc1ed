using System;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;
using Orleans;

namespace Orchestration.Orleans;

/// <summary>
/// Starts runs of the application's generated workflows on the workers, from any process connected to the cluster (a
/// web front end, a command line). A started run lives in its grain on some silo and in the run store; its
/// <see cref="RunHandle{TOutput}"/> follows it in the store, answers its waits through its grain, and reads its typed
/// result from its record. Registered by <see cref="OrchestrationClientBuilderExtensions.AddOrchestrationClient"/>;
/// thread-safe.
/// </summary>
public sealed class WorkflowClient
{
    private readonly IClusterClient _cluster;

    internal WorkflowClient(IClusterClient cluster, IRunStore store, JsonSerializerOptions? recordSerializer)
    {
        _cluster = cluster;
        Store = store;
        Json = recordSerializer ?? Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions;
    }

    /// <summary>The run store the workers record runs in (read it for reports, listings, events).</summary>
    public IRunStore Store { get; }

    internal JsonSerializerOptions Json { get; }

    /// <summary>
    /// Starts a run of <paramref name="workflow"/> (a generated workflow's <c>Definition</c>) on the workers and returns
    /// once it was recorded; the run goes on in its grain.
    /// </summary>
    /// <typeparam name="TInput">The workflow's input type.</typeparam>
    /// <typeparam name="TOutput">The workflow's output type.</typeparam>
    /// <param name="workflow">The workflow, for example <c>ContentPipeline.Definition</c>.</param>
    /// <param name="input">The input.</param>
    /// <param name="runId">The run id; a new sortable id when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the cluster's answer (the run may still have started).</param>
    /// <returns>The run's handle.</returns>
    /// <exception cref="ArgumentException">The run id is not valid, or the input cannot be written as JSON with the record serializer.</exception>
    /// <exception cref="InvalidOperationException">
    /// The run id is taken, or the silo has no such workflow or another version of it; the message says which.
    /// </exception>
    /// <exception cref="RunStoreException">The silo could not record the run.</exception>
    public async Task<RunHandle<TOutput>> StartAsync<TInput, TOutput>(
        WorkflowDefinition<TInput, TOutput> workflow,
        TInput input,
        string? runId = null,
        CancellationToken cancellationToken = default)
    {
        if (workflow is null)
        {
            throw new ArgumentNullException(nameof(workflow));
        }

        // The run options' own check, so that ids are refused here as the runtime refuses them.
        runId = new WorkflowRunOptions { RunId = runId ?? NewRunId() }.RunId!;
        string inputJson;
        try
        {
            inputJson = JsonSerializer.Serialize(input, Json.GetTypeInfo(typeof(TInput)));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            throw new ArgumentException(
                $"The input of workflow '{workflow.Id}' ({typeof(TInput).FullName}) cannot be written as JSON with the record serializer, so it cannot be sent to a worker: {ex.Message}. " +
                "Set OrchestrationClientOptions.RecordSerializer (and the silos' run options) to options that know the type.",
                nameof(input),
                ex);
        }

        var reply = await _cluster.GetGrain<IRunGrain>(runId).StartAsync(workflow.Id, workflow.Fingerprint, inputJson).WaitAsync(cancellationToken).ConfigureAwait(false);
        reply.EnsureAccepted(runId);
        return new RunHandle<TOutput>(this, workflow, runId);
    }

    /// <summary>The handle of a run started earlier (by this process or another), to follow, answer or await it.</summary>
    /// <param name="workflow">The run's workflow.</param>
    /// <param name="runId">The run.</param>
    /// <exception cref="ArgumentException">The run id is not valid.</exception>
    public RunHandle<TOutput> Get<TInput, TOutput>(WorkflowDefinition<TInput, TOutput> workflow, string runId)
    {
        if (workflow is null)
        {
            throw new ArgumentNullException(nameof(workflow));
        }

        return new RunHandle<TOutput>(this, workflow, new WorkflowRunOptions { RunId = runId ?? throw new ArgumentNullException(nameof(runId)) }.RunId!);
    }

    internal IRunGrain Grain(string runId) => _cluster.GetGrain<IRunGrain>(runId);

    /// <summary>A new id that sorts by start time, as the runtime makes them: <c>yyyyMMddTHHmmssfff-</c> and twelve random hex digits.</summary>
    private static string NewRunId() =>
        DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture) + "-" +
        Random.Shared.NextInt64(1L << 48).ToString("x12", CultureInfo.InvariantCulture);
}
