using System.Threading.Tasks;
using Orleans;
using Orleans.Concurrency;

namespace Orchestration.Orleans;

/// <summary>
/// The home of one run in the cluster, keyed by its run id: Orleans keeps one activation of it cluster-wide. Every call
/// returns once the run was taken on (created, answered or continued under its claim), never after the run itself, so no
/// call waits out a long run; the run goes on in the activation, which deactivates when the run waits or ends.
/// Inputs, responses and outputs travel as JSON written with the workflow's own metadata, so the application's types
/// need no Orleans serializers.
/// </summary>
internal interface IRunGrain : IGrainWithStringKey
{
    /// <summary>Creates the run of workflow <paramref name="workflowId"/> with <paramref name="inputJson"/> and runs it here.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="fingerprint">The caller's fingerprint of the workflow: a silo with another definition refuses.</param>
    /// <param name="inputJson">The input as JSON.</param>
    Task<RunReply> StartAsync(string workflowId, string fingerprint, string inputJson);

    /// <summary>Records a response to the waiting run and continues it here.</summary>
    /// <param name="workflowId">The run's workflow.</param>
    /// <param name="requestId">The request the response answers, or <see langword="null"/> for whichever the run waits on.</param>
    /// <param name="responseJson">The response as JSON.</param>
    Task<RunReply> RespondAsync(string workflowId, string? requestId, string responseJson);

    /// <summary>Continues the run here when it can go on: interrupted (its writer died), or its timer or deadline is due.</summary>
    /// <param name="workflowId">The run's workflow.</param>
    /// <param name="reason">Why the recovery scan found it: <c>interrupted</c>, <c>timer due</c> or <c>deadline passed</c>.</param>
    Task<RunReply> ContinueAsync(string workflowId, string reason);

    /// <summary>Where the run's activation is, and whether the run is executing there.</summary>
    [AlwaysInterleave]
    Task<RunReply> LocateAsync();
}
