using System.Collections.Generic;

namespace Orchestration.Rules;

/// <summary>
/// The nesting rules, stated once: a workflow may not run itself (directly or through others), and workflow references
/// may stack at most as deep as a workflow's MaxDepth. The build reports them (ORCH0005, ORCH0003), registration and a
/// running workflow entering a nested one refuse them, with these words.
/// </summary>
internal static class NestingRule
{
    /// <summary>A reference cycle, from <paramref name="workflowId"/> back to itself: <c>a → b → a</c>.</summary>
    public static RuleText Cycle(string workflowId, IEnumerable<string> cycle) =>
        $"Workflow '{workflowId}' is part of a reference cycle: {string.Join(" → ", cycle)}; a workflow cannot run itself, directly or through others";

    /// <summary>
    /// References stacked deeper than <paramref name="limit"/> below <paramref name="workflowId"/>, along
    /// <paramref name="path"/> (which starts with it); <paramref name="limitSource"/> says where the limit came from.
    /// </summary>
    public static RuleText TooDeep(string workflowId, bool delegation, IReadOnlyList<string> path, int limit, string limitSource) =>
        $"{(delegation ? (RuleText)$"Delegation chain '{workflowId}' delegates" : (RuleText)$"Workflow '{workflowId}' nests")} {path.Count - 1} levels deep ({string.Join(" → ", path)}); the limit is {limit} ({limitSource}). Flatten the chain or raise MaxDepth.";

    /// <summary>Where a limit comes from when only the definition is known (at run time): its MaxDepth, whatever set it.</summary>
    public const string DefinitionLimit = "its own MaxDepth";
}
