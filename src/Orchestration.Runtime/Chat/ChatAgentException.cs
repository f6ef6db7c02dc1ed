using System;

namespace Orchestration;

/// <summary>A chat agent could not get a usable answer from its model.</summary>
public sealed class ChatAgentException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ChatAgentException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
