using System.Collections.Generic;
using Orchestration.Declarations;

namespace Orchestration.Rules;

/// <summary>
/// The rules of each strategy shape, stated once: how many steps it takes, and how their types must line up. The
/// declaration catalog applies them to the generator's model at build time (diagnostics), the workflow registry to
/// <see cref="System.Type"/>s when a workflow is registered at run time (exceptions), with the same words. The shape
/// numbers are <c>StrategyShape</c>'s (<c>KnownNames.*Shape</c>); each shape's type rule is in a file of its own.
/// </summary>
internal static class ShapeRules
{
    /// <summary>How many steps a shape takes, and how to say so.</summary>
    public static (int Min, int Max, RuleText Description) Arity(int shape) => shape switch
    {
        KnownNames.TeachingShape => (2, 2, (RuleText)$"exactly 2 steps (a junior, then an expert)"),
        KnownNames.AdaptiveShape => (2, int.MaxValue, (RuleText)$"a classifier and at least 1 specialist (at least 2 steps)"),
        KnownNames.RefinementShape => (2, 3, (RuleText)$"a drafter, a critic and optionally a reviser (2 or 3 steps)"),
        KnownNames.ConditionalShape => (1, 2, (RuleText)$"a branch with a condition and optionally a default branch (1 or 2 steps)"),
        KnownNames.NestedShape => (1, 1, (RuleText)$"exactly 1 step, a workflow reference ([Step(Workflow = \"id\")])"),
        KnownNames.DebateShape => (2, int.MaxValue, (RuleText)$"at least 2 participants (and optionally a judge)"),
        KnownNames.DelegationShape => (3, int.MaxValue, (RuleText)$"a planner, at least 1 specialist and a synthesizer (at least 3 steps)"),
        KnownNames.ToolEnhancedShape => (1, 1, (RuleText)$"exactly 1 step, an agent whose template lists its tools"),
        KnownNames.ForEachShape => (1, 1, (RuleText)$"exactly 1 step, run once per item (an agent, or a workflow for several steps)"),
        KnownNames.RepeatUntilShape => (1, 1, (RuleText)$"exactly 1 step, the one it repeats (an agent, or a workflow for several steps)"),
        _ => (1, int.MaxValue, (RuleText)$"at least 1 step"),
    };

    /// <summary>The arity rule: null when <paramref name="count"/> steps suit the shape, else the problem.</summary>
    public static Problem? CheckArity(string workflowId, string strategy, int shape, int count)
    {
        var arity = Arity(shape);
        return count >= arity.Min && count <= arity.Max
            ? null
            : new Problem(ProblemKind.Arity, $"Workflow '{workflowId}' uses strategy '{strategy}', which needs {arity.Description}, but it has {count}", ProblemTarget.WorkflowAttribute);
    }

    /// <summary>
    /// The type rule of <paramref name="shape"/>: adds what is wrong to <paramref name="problems"/> and returns the
    /// workflow's input and output types, or nulls when they cannot be told (a problem, or types that are not known).
    /// Steps whose types are unknown are not checked. <paramref name="itemsInput"/>: for <c>for_each</c> with an items
    /// method, what the method takes (the workflow's input).
    /// </summary>
    public static (T? Input, T? Output) Types<T>(
        TypeFacts<T> facts, string workflowId, string strategy, int shape, IReadOnlyList<RuleStep<T>> steps, List<Problem> problems, T? itemsInput = null)
        where T : class
    {
        if (steps.Count == 0)
        {
            return (null, null);
        }

        return shape switch
        {
            KnownNames.FanOutShape => FanOutRule.Types(facts, steps, problems),
            KnownNames.TeachingShape => TeachingRule.Types(facts, steps, problems),
            KnownNames.AdaptiveShape => AdaptiveRule.Types(facts, steps, problems),
            KnownNames.RefinementShape => RefinementRule.Types(facts, steps, problems),
            KnownNames.ConditionalShape or KnownNames.MultiConditionalShape => ConditionalRule.Types(facts, steps, problems),
            KnownNames.DebateShape => DebateRule.Types(facts, workflowId, strategy, steps, problems),
            KnownNames.DelegationShape => DelegationRule.Types(facts, steps, problems),
            KnownNames.ForEachShape => ForEachRule.Types(facts, steps[0], itemsInput),
            KnownNames.RepeatUntilShape => RepeatUntilRule.Types(facts, steps[0], problems),
            _ => ChainRule.Types(facts, steps, problems),
        };
    }

    /// <summary>A problem's message as an exception says it: naming the workflow, ending with a full stop.</summary>
    public static string InWorkflow(string workflowId, string message) =>
        (message.IndexOf("orkflow '" + workflowId + "'", System.StringComparison.Ordinal) >= 0 ? message : $"Workflow '{workflowId}': {message}") +
        (message.EndsWith(".", System.StringComparison.Ordinal) ? string.Empty : ".");

    /// <summary>Whether every step's input and output are known.</summary>
    internal static bool Known<T>(RuleStep<T> step)
        where T : class => step.Input is not null && step.Output is not null;
}
