namespace Orchestration;

/// <summary>How a step ended.</summary>
public enum StepStatus
{
    /// <summary>The step produced its output.</summary>
    Completed = 0,

    /// <summary>The step threw or could not start.</summary>
    Failed = 1,

    /// <summary>The run was cancelled, or a sibling failed under the fail-fast policy, while the step ran.</summary>
    Cancelled = 2,

    /// <summary>The step ran past its template's timeout, or the run's timeout expired while it ran.</summary>
    TimedOut = 3,
}
