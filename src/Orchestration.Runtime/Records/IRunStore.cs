using System.Collections.Generic;
using System.Threading;

namespace Orchestration.Records;

/// <summary>
/// Where runs keep their records, and who may write them. A run has one writer at a time: the holder of its
/// <see cref="IRunClaim"/>. Starting a run creates it and claims it; continuing one (resume, respond, a due timer,
/// recovery after a crash) claims it and re-reads its record under the claim, so that every decision to continue is
/// taken by the only writer, on the record as it is. Every write goes through the claim. Reads need no claim.
/// </summary>
/// <remarks>
/// <see cref="FileRunStore"/> is the embedded default (one machine). A store must be thread-safe: steps of a fan-out
/// finish concurrently. Writes happen on the run's own path, so a store should be quick.
/// </remarks>
public interface IRunStore
{
    /// <summary>Records a new run and claims it for the caller.</summary>
    /// <param name="record">The run as it starts (status <c>running</c>, no steps).</param>
    /// <returns>The claim through which the run's writes go; dispose it to release the run.</returns>
    /// <exception cref="System.InvalidOperationException">The run id already has records.</exception>
    /// <exception cref="RunStoreException">The store could not be written; the message names where and why.</exception>
    IRunClaim Create(RunRecord record);

    /// <summary>
    /// Claims an existing run for writing, and reads its record under the claim. A claim left by a writer that died is
    /// taken over (<see cref="IRunClaim.TakenOverFrom"/> says whose it was).
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <returns>The claim, with <see cref="IRunClaim.Record"/> as read after claiming.</returns>
    /// <exception cref="System.Collections.Generic.KeyNotFoundException">No run has that id.</exception>
    /// <exception cref="RunClaimedException">A live writer holds the run; the exception says who and since when.</exception>
    /// <exception cref="System.IO.InvalidDataException">The run's record is damaged; the message says where.</exception>
    /// <exception cref="RunStoreException">The store could not be written; the message names where and why.</exception>
    IRunClaim Claim(string runId);

    /// <summary>The record of one run, as last written.</summary>
    /// <exception cref="KeyNotFoundException">No run has that id.</exception>
    /// <exception cref="System.IO.InvalidDataException">The run's record is damaged; the message says where.</exception>
    RunRecord Load(string runId);

    /// <summary>Every stored run, newest first; a run whose record cannot be read is listed with the problem.</summary>
    IReadOnlyList<StoredRun> List();

    /// <summary>
    /// The run's finished steps with what their agents logged (composed prompts, raw replies, over all attempts), in the
    /// order they finished. <see cref="RunRecord.Steps"/> has the same steps without their logs.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No run has that id.</exception>
    /// <exception cref="System.IO.InvalidDataException">A step's record is damaged; the message says where.</exception>
    IReadOnlyList<StepRecord> ReadSteps(string runId);

    /// <summary>The run's events after <paramref name="afterSequence"/> (0 for all), in order.</summary>
    /// <exception cref="KeyNotFoundException">No run has that id.</exception>
    IReadOnlyList<RunEvent> ReadEvents(string runId, long afterSequence = 0);

    /// <summary>
    /// Follows a run: yields its events after <paramref name="afterSequence"/>, then each new one as it is written (at
    /// once when the writer is in this process and uses this store instance; otherwise within a short polling interval),
    /// and ends after the run's <see cref="RunEventKind.Finished"/> event (at once when the run already finished and
    /// nothing follows <paramref name="afterSequence"/>). A waiting run is followed until it finishes
    /// or <paramref name="cancellationToken"/> is cancelled; stop at <see cref="RunEventKind.Waiting"/> to follow only
    /// until it waits.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No run has that id.</exception>
    IAsyncEnumerable<RunEvent> FollowAsync(string runId, long afterSequence = 0, CancellationToken cancellationToken = default);
}

/// <summary>
/// The right to write one run, held by one writer at a time. Every write of the run goes through it; <see cref="System.IDisposable.Dispose"/>
/// releases it without writing (the record stays as last written, and the run can be claimed again).
/// </summary>
public interface IRunClaim : System.IDisposable
{
    /// <summary>The run.</summary>
    string RunId { get; }

    /// <summary>The run's record: as read when claimed, then as written through this claim.</summary>
    RunRecord Record { get; }

    /// <summary>Who holds this claim.</summary>
    RunHolder Holder { get; }

    /// <summary>The writer whose claim this one took over because it had died, or <see langword="null"/>.</summary>
    RunHolder? TakenOverFrom { get; }

    /// <summary>The run continues: its status becomes <c>running</c> (errors and wait cleared, steps kept).</summary>
    /// <param name="reason">Why: <c>resume</c>, <c>respond</c>, <c>timer</c>, <c>deadline</c> or <c>recovery</c>.</param>
    void Continue(string reason);

    /// <summary>A step started (an event only; its result is recorded by <see cref="StepFinished"/>).</summary>
    void StepStarted(string path, int index, string stepId, StepKind kind);

    /// <summary>A step finished (nested workflows' steps included).</summary>
    void StepFinished(StepRecord step);

    /// <summary>A wait step was answered: <paramref name="answer"/> is its completed record; the run continues.</summary>
    void Responded(StepRecord answer);

    /// <summary>The run stops to wait for <paramref name="wait"/>: status <c>waiting</c>. Releases the claim.</summary>
    void Suspend(RunWait wait);

    /// <summary>The run ended with <paramref name="status"/>. Releases the claim.</summary>
    /// <param name="status">How it ended: <c>completed</c>, <c>failed</c>, ...</param>
    /// <param name="errors">Its errors, root cause first.</param>
    /// <param name="output">When it completed, the workflow's output as JSON (when it could be written).</param>
    void Finish(string status, IReadOnlyList<string> errors, string? output = null);
}

/// <summary>One run in a store's listing: its record, or why it could not be read.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="Record">The record, when readable.</param>
/// <param name="Problem">Why the record could not be read, otherwise <see langword="null"/>.</param>
public sealed record StoredRun(string RunId, RunRecord? Record, string? Problem);
