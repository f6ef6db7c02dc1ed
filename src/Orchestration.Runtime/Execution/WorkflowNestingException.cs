using System;

namespace Orchestration;

/// <summary>A nested workflow would exceed a depth limit or close a cycle.</summary>
public sealed class WorkflowNestingException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public WorkflowNestingException(string message)
        : base(message)
    {
    }
}
