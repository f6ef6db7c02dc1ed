namespace Orchestration;

/// <summary>The names of the built-in strategies, as attune spells them.</summary>
public static class StrategyNames
{
    /// <summary>Runs the steps one after another; each output feeds the next step.</summary>
    public const string Sequential = "sequential";

    /// <summary>Runs every step on the same input at once and gathers every output.</summary>
    public const string Parallel = "parallel";

    /// <summary>Like <see cref="Sequential"/>, for workflows whose steps reference other workflows.</summary>
    public const string NestedSequential = "nested_sequential";

    /// <summary>A junior answers; an expert takes over when the junior fails or is not confident enough.</summary>
    public const string Teaching = "teaching";

    /// <summary>A classifier, then the one specialist its classification calls for.</summary>
    public const string Adaptive = "adaptive";

    /// <summary>A bounded draft, critique, revise loop that ends when the critic accepts.</summary>
    public const string Refinement = "refinement";

    /// <summary>If/else: a branch with a condition, and optionally a default branch.</summary>
    public const string Conditional = "conditional";

    /// <summary>Branches tried in order; the first whose condition holds runs, else the default branch if any.</summary>
    public const string MultiConditional = "multi_conditional";

    /// <summary>Runs one referenced workflow, nested.</summary>
    public const string Nested = "nested";

    /// <summary>Participants argue over rounds, seeing each other's positions; an optional judge decides.</summary>
    public const string Debate = "debate";

    /// <summary>A planner assigns tasks to specialists; a synthesizer combines their reports.</summary>
    public const string DelegationChain = "delegation_chain";

    /// <summary>One agent with the tools its template lists.</summary>
    public const string ToolEnhanced = "tool_enhanced";

    /// <summary>A chain of chat agents that all receive the same cached context first.</summary>
    public const string PromptCachedSequential = "prompt_cached_sequential";

    /// <summary>One step runs once per item of a collection, one at a time or up to a bound at once; results in order.</summary>
    public const string ForEach = "for_each";

    /// <summary>One step repeats on its own output until a condition holds, at most a bounded number of times.</summary>
    public const string RepeatUntil = "repeat_until";
}
