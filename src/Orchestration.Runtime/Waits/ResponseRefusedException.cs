using System;

namespace Orchestration;

/// <summary>
/// Thrown when a response to a waiting run is refused: it is not of the type the run waits for, it is not valid JSON of
/// that type, or the request class's <see cref="InputRequest{TRequest, TResponse}.Validate"/> refused it. Nothing was
/// recorded; the run still waits.
/// </summary>
public sealed class ResponseRefusedException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the response, and what the run waits for.</param>
    /// <param name="runId">The waiting run.</param>
    /// <param name="requestId">The request it waits on.</param>
    /// <param name="innerException">The underlying error (a JSON error), if any.</param>
    public ResponseRefusedException(string message, string runId, string requestId, Exception? innerException = null)
        : base(message, innerException)
    {
        RunId = runId;
        RequestId = requestId;
    }

    /// <summary>The waiting run.</summary>
    public string RunId { get; }

    /// <summary>The request it waits on.</summary>
    public string RequestId { get; }
}
