using System;

namespace Orchestration;

/// <summary>
/// Where a step that suspends the run (a wait for an input request, or a timer) may appear. Compiled into the runtime
/// (checked when a wait step is reached and when a workflow is registered) and into the generator and analyzers (a build
/// error at the step), so the rule and its wording are stated once.
/// </summary>
/// <remarks>
/// A suspended run unwinds to its top and is continued later from its records. Only strategies that run their steps one
/// after another, each once, and stop at the first step that does not complete can be unwound and continued that way;
/// fan-outs, loops, rounds and routing would have to hold several branches or iterations open across the pause.
/// </remarks>
internal static class WaitPlacement
{
    /// <summary>The built-in strategies that can hold a wait or a timer.</summary>
    public static readonly string[] Strategies = { "sequential", "nested_sequential", "nested", "prompt_cached_sequential" };

    /// <summary>Whether a workflow run by <paramref name="strategy"/> may contain (directly or through the workflows it nests) a wait or a timer.</summary>
    public static bool CanHold(string strategy) => Array.IndexOf(Strategies, strategy) >= 0;

    /// <summary>
    /// The problem with step <paramref name="stepIndex"/> of <paramref name="workflowId"/>, which <paramref name="suspends"/>
    /// (for example "waits for input request 'editor_approval'" or "nests workflow 'review', which delays the run").
    /// </summary>
    public static string Problem(string workflowId, string strategy, int stepIndex, string suspends) =>
        $"Step {stepIndex} of workflow '{workflowId}' {suspends}, but strategy '{strategy}' cannot hold a wait: a waiting run stops and is continued " +
        $"later from its records, which only {string.Join(", ", Strategies)} workflows can do. Move the wait into a sequential workflow";

    /// <summary>How a wait step is described in <see cref="Problem"/>.</summary>
    public static string Awaits(string requestId) => $"waits for input request '{requestId}'";

    /// <summary>How a timer step is described in <see cref="Problem"/>.</summary>
    public const string Delays = "delays the run";

    /// <summary>How a step that nests a suspending workflow is described in <see cref="Problem"/>.</summary>
    public static string Nests(string workflowId, string inner) => $"nests workflow '{workflowId}', which {inner}";
}
