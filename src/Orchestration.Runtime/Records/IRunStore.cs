using System.Collections.Generic;

namespace Orchestration;

/// <summary>
/// Where runs leave their records. The engine calls it as a run starts, as each step finishes and as the run ends, on
/// the run's own path (so a store should be quick and must be thread-safe: steps of a fan-out finish concurrently).
/// <see cref="FileRunStore"/> is the embedded default; a shared database store can implement the same interface.
/// </summary>
public interface IRunStore
{
    /// <summary>A top-level run started.</summary>
    /// <exception cref="System.InvalidOperationException">The run id already has records, or another writer holds the run.</exception>
    void RunStarted(RunRecord record);

    /// <summary>A stopped or failed run is being resumed: take it over for writing and return its record.</summary>
    /// <exception cref="KeyNotFoundException">No run has that id.</exception>
    /// <exception cref="System.InvalidOperationException">Another writer holds the run.</exception>
    RunRecord RunResumed(string runId);

    /// <summary>A step of the run finished (nested workflows' steps included).</summary>
    void StepFinished(string runId, StepRecord step);

    /// <summary>The run ended with <paramref name="status"/>.</summary>
    void RunFinished(string runId, string status, IReadOnlyList<string> errors);

    /// <summary>The record of one run.</summary>
    /// <exception cref="KeyNotFoundException">No run has that id.</exception>
    /// <exception cref="System.IO.InvalidDataException">The run's record is damaged; the message says where.</exception>
    RunRecord Load(string runId);

    /// <summary>Every stored run, newest first; a run whose record cannot be read is listed with the problem.</summary>
    IReadOnlyList<StoredRun> List();
}

/// <summary>One run in a store's listing: its record, or why it could not be read.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="Record">The record, when readable.</param>
/// <param name="Problem">Why the record could not be read, otherwise <see langword="null"/>.</param>
public sealed record StoredRun(string RunId, RunRecord? Record, string? Problem);
