using System;

namespace Orchestration.Records;

/// <summary>
/// Thrown when a run store cannot be read or written (a full disk, a read-only directory, a lost connection). The
/// message names the run, the place and the cause; the run's record is left as last written, so it can be continued
/// once the store works again.
/// </summary>
public sealed class RunStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, where, and what to do.</param>
    /// <param name="runId">The run concerned, if any.</param>
    /// <param name="innerException">The underlying error.</param>
    public RunStoreException(string message, string? runId, Exception? innerException)
        : base(message, innerException)
    {
        RunId = runId;
    }

    /// <summary>The run concerned, if any.</summary>
    public string? RunId { get; }
}
