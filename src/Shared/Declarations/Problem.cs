namespace Orchestration.Declarations;

/// <summary>What is wrong with a workflow. The analyzers map each kind to a diagnostic id.</summary>
internal enum ProblemKind
{
    InvalidId,
    DuplicateId,
    UnknownStrategy,
    StepTarget,
    UnknownTemplate,
    UnknownWorkflow,
    UnusableReference,
    TypeMismatch,
    DepthExceeded,
    InvalidMaxDepth,
    Cycle,
    InvalidClass,
    Arity,
    InvalidOption,
    InvalidMethod,
    BranchCondition,

    /// <summary>A wait step names an input request nobody declares.</summary>
    UnknownRequest,

    /// <summary>A wait or delay (or a nested workflow holding one) in a workflow whose strategy cannot hold it.</summary>
    WaitPlacement,

    /// <summary>A template, strategy or nested workflow the workflow uses has problems of its own, reported there.</summary>
    InvalidDependency,
}

/// <summary>
/// Which part of a workflow declaration a problem is about: where the diagnostic goes. A target that is a
/// <c>[Workflow]</c> argument has that argument's name exactly (the analyzer finds the argument by it).
/// </summary>
internal enum ProblemTarget
{
    /// <summary>The <c>[Workflow]</c> attribute.</summary>
    WorkflowAttribute,

    /// <summary>The id argument of <c>[Workflow]</c>.</summary>
    WorkflowId,

    /// <summary>The <c>Strategy</c> argument of <c>[Workflow]</c>.</summary>
    Strategy,

    /// <summary>The <c>MaxDepth</c> argument of <c>[Workflow]</c>.</summary>
    MaxDepth,

    /// <summary>The <c>ConfidenceThreshold</c> argument of <c>[Workflow]</c>.</summary>
    ConfidenceThreshold,

    /// <summary>The <c>Router</c> argument of <c>[Workflow]</c>.</summary>
    Router,

    /// <summary>The <c>MaxIterations</c> argument of <c>[Workflow]</c>.</summary>
    MaxIterations,

    /// <summary>The <c>Rounds</c> argument of <c>[Workflow]</c>.</summary>
    Rounds,

    /// <summary>The <c>CachedContext</c> argument of <c>[Workflow]</c>.</summary>
    CachedContext,

    /// <summary>The <c>Items</c> argument of <c>[Workflow]</c>.</summary>
    Items,

    /// <summary>The <c>Until</c> argument of <c>[Workflow]</c>.</summary>
    Until,

    /// <summary>The <c>MaxParallelism</c> argument of <c>[Workflow]</c>.</summary>
    MaxParallelism,

    /// <summary>The <c>When</c> argument of the <c>[Step]</c> at <see cref="Problem.StepIndex"/>.</summary>
    StepWhen,

    /// <summary>The class name.</summary>
    Class,

    /// <summary>The member of the class named <see cref="Problem.Member"/>.</summary>
    Member,

    /// <summary>The <c>[Step]</c> attribute at <see cref="Problem.StepIndex"/>.</summary>
    Step,

    /// <summary>
    /// What the step at <see cref="Problem.StepIndex"/> names: its template argument, or its <c>Workflow</c>, <c>Await</c>,
    /// <c>DelaySeconds</c> or <c>Until</c> argument, whichever it has.
    /// </summary>
    StepTarget,
}

/// <summary>
/// One problem with a workflow. <see cref="StepIndex"/> is 1-based, or 0 when no step is involved. <see cref="Suggestion"/>
/// is the closest known name, for problems about an unknown name. <see cref="Member"/> names the member of the workflow
/// class a <see cref="ProblemTarget.Member"/> problem is about.
/// <see cref="Text"/> keeps the rule's message format and its facts apart (the analyzer reports them so);
/// <see cref="Message"/> is the text.
/// </summary>
internal sealed record Problem(ProblemKind Kind, Orchestration.Rules.RuleText Text, ProblemTarget Target, int StepIndex = 0, string? Suggestion = null, string? Member = null)
{
    /// <summary>The message, its facts in place.</summary>
    public string Message => Text.ToString();
}

/// <summary>One problem with a template, strategy or input request class; <see cref="Argument"/> names the attribute argument at fault, if any.</summary>
internal sealed record DeclarationProblem(Orchestration.Rules.RuleText Text, string? Argument = null)
{
    /// <summary>The message, its facts in place.</summary>
    public string Message => Text.ToString();
}
