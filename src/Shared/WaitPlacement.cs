using System;
using Orchestration.Rules;

namespace Orchestration;

/// <summary>
/// Where a step that suspends the run (a wait for an input request, or a timer) may appear. Compiled into the runtime
/// (checked when a wait step is reached and when a workflow is registered) and into the generator and analyzers (a build
/// error at the step), so the rule and its wording are stated once.
/// </summary>
/// <remarks>
/// A suspended run unwinds to its top and is continued later from its records. Only strategies that run their steps one
/// after another, each once, and stop at the first step that does not complete can be unwound and continued that way;
/// fan-outs, rounds and routing would have to hold several branches open across the pause. The loops for_each and
/// repeat_until can, one iteration at a time: each iteration's records are kept apart (<c>id[n]</c>), so a continued run
/// restores the iterations before the one that waits.
/// </remarks>
internal static class WaitPlacement
{
    /// <summary>The built-in strategies that can hold a wait or a timer.</summary>
    public static readonly string[] Strategies = { "sequential", "nested_sequential", "nested", "prompt_cached_sequential", "for_each", "repeat_until" };

    /// <summary>The loops among <see cref="Strategies"/>: they hold a wait only inside the workflow they repeat, one iteration at a time.</summary>
    public static bool IsLoop(string strategy) => strategy is "for_each" or "repeat_until";

    /// <summary>Whether a workflow run by <paramref name="strategy"/> may contain (directly or through the workflows it nests) a wait or a timer.</summary>
    public static bool CanHold(string strategy) => Array.IndexOf(Strategies, strategy) >= 0;

    /// <summary>
    /// The problem with step <paramref name="stepIndex"/> of <paramref name="workflowId"/>, which <paramref name="suspends"/>
    /// (for example "waits for input request 'editor_approval'" or "nests workflow 'review', which delays the run").
    /// </summary>
    public static RuleText Problem(string workflowId, string strategy, int stepIndex, RuleText suspends) =>
        $"Step {stepIndex} of workflow '{workflowId}' {suspends}, but strategy '{strategy}' cannot hold a wait: a waiting run stops and is continued later from its records, which only sequential, nested_sequential, nested and prompt_cached_sequential workflows can do (and for_each and repeat_until, in the workflow they repeat). Move the wait into a sequential workflow";

    /// <summary>The problem with a loop whose repeated step is itself a wait or a delay.</summary>
    public static RuleText LoopBody(string workflowId, string strategy, RuleText suspends) =>
        $"Step 1 of workflow '{workflowId}' {suspends}, but the step a {strategy} repeats must run an agent or a workflow; put the wait in a sequential workflow and repeat that";

    /// <summary>The problem with a for_each that runs items in parallel and whose repeated workflow suspends the run.</summary>
    public static RuleText ParallelItems(string workflowId, RuleText suspends) =>
        $"Step 1 of workflow '{workflowId}' {suspends}, but its items run in parallel (MaxParallelism above 1), and a run can wait for one thing at a time; set MaxParallelism = 1 to wait item by item";

    /// <summary>How a wait step is described in <see cref="Problem"/>.</summary>
    public static RuleText Awaits(string requestId) => $"waits for input request '{requestId}'";

    /// <summary>How a timer step is described in <see cref="Problem"/>.</summary>
    public static RuleText Delays => $"delays the run";

    /// <summary>How a step that nests a suspending workflow is described in <see cref="Problem"/>.</summary>
    public static RuleText Nests(string workflowId, RuleText inner) => $"nests workflow '{workflowId}', which {inner}";
}
