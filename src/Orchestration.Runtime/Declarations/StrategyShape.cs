namespace Orchestration;

/// <summary>How the steps of a workflow line up, which fixes the types a strategy accepts and produces.</summary>
public enum StrategyShape
{
    /// <summary>
    /// Each step's output feeds the next step's input. The workflow takes the first step's input and produces the
    /// last step's output.
    /// </summary>
    Chain = 0,

    /// <summary>
    /// Every step receives the workflow's input; the workflow produces every step's output, in declaration order
    /// (a tuple when there are several steps).
    /// </summary>
    FanOut = 1,

    /// <summary>
    /// Exactly two steps, a junior then an expert, both taking the workflow's input and producing the same output. The
    /// expert runs only when the junior fails or is not confident enough, and sees the junior's attempt in
    /// <see cref="AgentContext.Handoff"/>. The workflow produces a <see cref="Taught{T}"/>.
    /// </summary>
    Teaching = 2,

    /// <summary>
    /// A classifier, then specialists: the classifier takes the workflow's input; every specialist takes the same input
    /// and produces the same output; exactly one specialist runs, chosen from the classification. The workflow produces
    /// a <see cref="Routed{TClassification, TOutput}"/>.
    /// </summary>
    Adaptive = 3,

    /// <summary>
    /// A drafter, a critic, and optionally a reviser. The drafter takes the workflow's input and produces a draft; the
    /// critic takes a draft and produces a <see cref="Critique"/>; the reviser takes a draft and produces a draft (without
    /// one, the drafter drafts again). The loop stops when the critic accepts, or fails the run as
    /// <see cref="WorkflowStatus.Exhausted"/>. The workflow produces a <see cref="Refined{TDraft}"/>.
    /// </summary>
    Refinement = 4,

    /// <summary>
    /// If/else: a branch with a condition, and optionally a default branch without one. Every branch takes the workflow's
    /// input and produces the same output. The workflow produces a <see cref="Branched{T}"/>.
    /// </summary>
    Conditional = 5,

    /// <summary>
    /// Several branches with conditions, tried in order (the first match wins), optionally followed by a default branch
    /// without one. Every branch takes the workflow's input and produces the same output. The workflow produces a
    /// <see cref="Branched{T}"/>.
    /// </summary>
    MultiConditional = 6,

    /// <summary>Exactly one step, a workflow reference, run nested: the workflow takes and produces what that workflow does.</summary>
    Nested = 7,

    /// <summary>
    /// Participants that all take the workflow's input and produce a position of the same type, over several rounds;
    /// optionally a last step, the judge, that takes the <see cref="DebateTranscript{TPosition}"/>. The workflow produces
    /// the transcript, or the judge's output.
    /// </summary>
    Debate = 8,

    /// <summary>
    /// A planner (workflow input to <see cref="DelegationPlan"/>), specialists (a task, as a string, to a report of one
    /// type), and a synthesizer (<see cref="DelegationReports{TReport}"/> to the workflow's output).
    /// </summary>
    DelegationChain = 9,

    /// <summary>Exactly one agent step, whose template lists the tools it is given (attune's tool_enhanced).</summary>
    ToolEnhanced = 10,

    /// <summary>
    /// A chain of steps whose chat agents all start their prompts with the same cached context, so that providers with
    /// prompt caching reuse it (attune's prompt_cached_sequential).
    /// </summary>
    PromptCachedSequential = 11,

    /// <summary>
    /// Exactly one step (an agent, or a workflow for several steps) that runs once per item of a collection, one at a
    /// time or up to a bound at once. The workflow takes the collection (<c>IReadOnlyList&lt;TItem&gt;</c>, or what the
    /// workflow's <c>Items</c> method takes) and produces <c>IReadOnlyList&lt;TResult&gt;</c>, the results in the items' order.
    /// </summary>
    ForEach = 12,

    /// <summary>
    /// Exactly one step (an agent, or a workflow for several steps) that takes and produces the same type and runs on
    /// its own previous output until a condition on that output holds, at most a bounded number of times; running out
    /// ends the run as <see cref="WorkflowStatus.Exhausted"/>. The workflow produces a <see cref="Repeated{T}"/>.
    /// </summary>
    RepeatUntil = 13,
}
