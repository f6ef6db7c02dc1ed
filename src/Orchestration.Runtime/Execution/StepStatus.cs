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

    /// <summary>
    /// The step waits for a response or a due time: the run stopped here, recorded what it waits for, and is continued
    /// from its records when the response is given or the time comes.
    /// </summary>
    Waiting = 4,
}
