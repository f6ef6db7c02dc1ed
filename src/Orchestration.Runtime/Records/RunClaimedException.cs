using System;

namespace Orchestration.Records;

/// <summary>Thrown when a run cannot be claimed because a live writer holds it.</summary>
public sealed class RunClaimedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="holder">Who holds it, when the store knows.</param>
    /// <param name="where">Where the store keeps the run (a directory, a table), for the message.</param>
    /// <param name="innerException">The store's own error, if any.</param>
    public RunClaimedException(string runId, RunHolder? holder, string where, Exception? innerException = null)
        : base(
            $"Run '{runId}' is being written by {holder?.ToString() ?? "another writer"} ({where}); a run has one writer at a time. " +
            "Wait until that writer finishes or stops (a claim whose process died is taken over), then try again.",
            innerException)
    {
        RunId = runId;
        Holder = holder;
    }

    /// <summary>The run.</summary>
    public string RunId { get; }

    /// <summary>Who holds the run, when the store knows.</summary>
    public RunHolder? Holder { get; }
}
