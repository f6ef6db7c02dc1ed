namespace Orchestration;

/// <summary>What a strategy does when a step fails.</summary>
public enum FailurePolicy
{
    /// <summary>Stop at the first failure; running siblings are cancelled. The default.</summary>
    FailFast = 0,

    /// <summary>
    /// Let independent steps (for example the other branches of a fan-out) finish after a failure, so their results
    /// are recorded. The workflow still fails: partial failure is never reported as success.
    /// </summary>
    ContinueOnError = 1,
}
