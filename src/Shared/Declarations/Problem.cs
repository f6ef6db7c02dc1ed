namespace Orchestration.Declarations;

/// <summary>What is wrong with a declaration. The analyzers map each kind to a diagnostic id.</summary>
internal enum ProblemKind
{
    InvalidId,
    DuplicateId,
    UnknownStrategy,
    StepTarget,
    UnknownTemplate,
    UnknownWorkflow,
    InvalidTemplate,
    UnusableReference,
    TypeMismatch,
    DepthExceeded,
    Cycle,
    InvalidClass,
    NoSteps,

    /// <summary>A nested workflow has problems of its own; reported there, not here.</summary>
    InvalidNested,
}

/// <summary>One problem with a workflow. <see cref="StepIndex"/> is 1-based, or 0 for the workflow as a whole.</summary>
internal sealed record Problem(ProblemKind Kind, string Message, int StepIndex);
