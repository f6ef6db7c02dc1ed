using Orchestration.Records;
using Orleans;

namespace Orchestration.Orleans;

/// <summary>What a run's grain answered: taken on, or why not, and where the grain is.</summary>
/// <remarks>
/// Refusals travel as values rather than exceptions, so that the client rethrows the runtime's own exception types
/// (<see cref="ResponseRefusedException"/>, <see cref="RunClaimedException"/>, ...) with the silo's message.
/// </remarks>
[GenerateSerializer]
[Immutable]
internal sealed record RunReply(
    [property: Id(0)] RunReplyKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string Silo,
    [property: Id(3)] bool Executing)
{
    /// <summary>Returns the reply when the grain took the run on; otherwise throws what the silo threw.</summary>
    /// <exception cref="ResponseRefusedException">The response was refused; nothing was recorded.</exception>
    /// <exception cref="RunClaimedException">A live writer holds the run.</exception>
    /// <exception cref="System.Collections.Generic.KeyNotFoundException">No run has that id.</exception>
    /// <exception cref="System.InvalidOperationException">The run cannot be started, answered or continued as asked.</exception>
    /// <exception cref="RunStoreException">The run store failed on the silo.</exception>
    public RunReply EnsureAccepted(string runId, string? requestId = null) => Kind switch
    {
        RunReplyKind.Accepted => this,
        RunReplyKind.Refused => throw new ResponseRefusedException(Message, runId, requestId ?? string.Empty),
        RunReplyKind.Held => throw new RunClaimedException(runId, null, $"{Message} Its grain is on {Silo}"),
        RunReplyKind.NotFound => throw new System.Collections.Generic.KeyNotFoundException(Message),
        RunReplyKind.Invalid => throw new System.InvalidOperationException(Message),
        RunReplyKind.StoreFailed => throw new RunStoreException(Message, runId, null),
        _ => throw new System.InvalidOperationException($"Run '{runId}' could not be handled by its grain on {Silo}: {Message}"),
    };
}

/// <summary>How a call to a run's grain ended.</summary>
[GenerateSerializer]
internal enum RunReplyKind
{
    /// <summary>The run was taken on (or, for a location, the grain answered).</summary>
    Accepted = 0,

    /// <summary>The response was refused (wrong type, invalid, refused by the request class); nothing was recorded.</summary>
    Refused = 1,

    /// <summary>A live writer holds the run.</summary>
    Held = 2,

    /// <summary>No run has that id.</summary>
    NotFound = 3,

    /// <summary>The run cannot be started, answered or continued as asked (exists, completed, not waiting, not due, changed).</summary>
    Invalid = 4,

    /// <summary>The run store failed.</summary>
    StoreFailed = 5,

    /// <summary>Something else failed; the message says what.</summary>
    Failed = 6,
}
