using System;

namespace Orchestration;

/// <summary>
/// Declares a workflow on a <c>partial</c> class. Its steps are the class's <see cref="StepAttribute"/>s, in source order.
/// The source generator adds a typed <c>RunAsync</c> to the class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WorkflowAttribute : Attribute
{
    /// <summary>The nesting depth allowed when <see cref="MaxDepth"/> is not set, as in attune's <c>NestingContext.DEFAULT_MAX_DEPTH</c>.</summary>
    public const int DefaultMaxDepth = 3;

    /// <summary>Declares a workflow with the given id.</summary>
    /// <param name="id">The workflow id, for example <c>"content_pipeline"</c>.</param>
    public WorkflowAttribute(string id) => Id = id;

    /// <summary>The workflow id.</summary>
    public string Id { get; }

    /// <summary>The strategy that runs the steps, for example <c>"sequential"</c>. Defaults to <c>"sequential"</c>.</summary>
    public string Strategy { get; set; } = StrategyNames.Sequential;

    /// <summary>A description of what the workflow does.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// The confidence (0 to 1, inclusive) strategies that route on confidence compare with: for <c>teaching</c>, the
    /// junior's answer is kept when its confidence is at least this (default 0.7); for <c>adaptive</c>, a classifier
    /// confidence above this picks the cheapest specialist, otherwise the most capable (default 0.8). Unset by default.
    /// </summary>
    public double ConfidenceThreshold { get; set; } = double.NaN;

    /// <summary>
    /// For <c>prompt_cached_sequential</c>: the shared context (a style guide, a codebase summary...) every chat agent of
    /// the chain receives first, unchanged, so that the provider's prompt cache can reuse it across the steps.
    /// </summary>
    public string? CachedContext { get; set; }

    /// <summary>For <c>debate</c>: how many rounds the participants argue (at least 1; default 2). 0 means the strategy's default.</summary>
    public int Rounds { get; set; }

    /// <summary>
    /// For <c>refinement</c>: how many critiques a draft may get before the run ends as exhausted; for
    /// <c>repeat_until</c>: how many times the step may run before the run ends as exhausted (at least 1; default 3).
    /// 0 means the strategy's default.
    /// </summary>
    public int MaxIterations { get; set; }

    /// <summary>
    /// For <c>for_each</c>: the name of a static method on the workflow class that gives the items from the workflow's
    /// input, <c>static IEnumerable&lt;TItem&gt; Items(TInput input)</c>; the workflow then takes <c>TInput</c>. Without
    /// it, the workflow takes the items themselves, an <c>IReadOnlyList&lt;TItem&gt;</c>.
    /// </summary>
    public string? Items { get; set; }

    /// <summary>
    /// For <c>repeat_until</c> (required): the name of a static method on the workflow class,
    /// <c>static bool Done(T output)</c>, that says whether an iteration's output ends the loop.
    /// </summary>
    public string? Until { get; set; }

    /// <summary>For <c>for_each</c>: how many items may run at once (at least 1; default 1, one after another). 0 means the default.</summary>
    public int MaxParallelism { get; set; }

    /// <summary>
    /// For <c>adaptive</c>: the name of a static method on the workflow class that picks the specialist from the
    /// classification, <c>static string Route(TClassification classification)</c>, returning a specialist's template id.
    /// When set, it replaces routing by confidence and tier.
    /// </summary>
    public string? Router { get; set; }

    /// <summary>
    /// How many levels of workflow references may stack below this workflow. Defaults to the project's
    /// <see cref="OrchestrationDefaultsAttribute.MaxDepth"/>, else the MSBuild property <c>OrchestrationMaxDepth</c>, else 3.
    /// </summary>
    public int MaxDepth { get; set; } = DefaultMaxDepth;
}
