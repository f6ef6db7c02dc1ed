namespace Orchestration;

/// <summary>How a workflow run ended.</summary>
public enum WorkflowStatus
{
    /// <summary>Every step the strategy required completed and the workflow produced its output.</summary>
    Completed = 0,

    /// <summary>A step failed. Partial failure is failure: the result never reports it as success.</summary>
    Failed = 1,

    /// <summary>The run was cancelled.</summary>
    Cancelled = 2,

    /// <summary>A step or the run as a whole ran past its timeout.</summary>
    TimedOut = 3,

    /// <summary>
    /// A bounded loop (<c>refinement</c>) used all its iterations without reaching its acceptance condition. Not a
    /// success: the last attempt is in the step results, and the reason in <see cref="WorkflowResult.Errors"/>.
    /// </summary>
    Exhausted = 4,

    /// <summary>
    /// The run stopped at a step that waits for a response to an input request or for a time
    /// (<see cref="WorkflowResult.Wait"/> says which). Its records say so and it holds no writer: answer it with the
    /// generated <c>RespondAsync</c>, or let it be continued when due. Not a success, and not a failure.
    /// </summary>
    Waiting = 5,
}
