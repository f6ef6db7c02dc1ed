using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration;

/// <summary>
/// A step of a chain workflow (<c>sequential</c>, <c>nested_sequential</c>, <c>prompt_cached_sequential</c>), as the
/// definition lists it. Agent templates, workflow definitions and input request definitions are chain steps
/// themselves; <see cref="ChainStep"/> makes delays.
/// </summary>
public interface IChainStep
{
    /// <summary>The step as the workflow's definition lists it (kind, id, what it refers to).</summary>
    WorkflowStep Step { get; }
}

/// <summary>
/// A chain step that takes <typeparamref name="TInput"/> and gives <typeparamref name="TOutput"/>:
/// <see cref="AgentTemplate{TInput, TOutput}"/> (runs the agent), <see cref="WorkflowDefinition{TInput, TOutput}"/>
/// (runs it as a nested workflow), <see cref="InputRequestDefinition{TRequest, TResponse}"/> (waits for a response,
/// giving <see cref="Answered{TRequest, TResponse}"/>), or a delay from <see cref="ChainStep"/>. Generated chain
/// definitions pass them to <see cref="SequentialChain"/> as they are, so the code generated for a chain is the list of
/// its steps, not a runner of its own.
/// </summary>
/// <typeparam name="TInput">What the step takes: the workflow's input, or what the step before it gave.</typeparam>
/// <typeparam name="TOutput">What the step gives to the next one.</typeparam>
/// <remarks>Only this package's types implement it: how a step runs is internal.</remarks>
public interface IChainStep<TInput, TOutput> : IChainStep
{
    /// <summary>Runs the step as step <paramref name="index"/> (1-based) of <paramref name="run"/>.</summary>
    internal ValueTask<StepResult<TOutput>> RunAsync(WorkflowRun run, int index, TInput input, object? handoff, CancellationToken cancellationToken);
}

/// <summary>The chain steps that are no declaration of their own: delays.</summary>
public static class ChainStep
{
    /// <summary>A step that delays the run by <paramref name="delay"/>, passing its input on.</summary>
    /// <typeparam name="T">What the step takes and passes on.</typeparam>
    /// <param name="delay">How long to wait; positive.</param>
    /// <returns>The step.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The delay is not positive.</exception>
    public static IChainStep<T, T> DelayFor<T>(TimeSpan delay) => new DelayStep<T>(delay);

    /// <summary>A step that delays the run until the time <paramref name="until"/> computes from its input, passing the input on.</summary>
    /// <typeparam name="T">What the step takes and passes on.</typeparam>
    /// <param name="name">What computes the time (a method name), so that the workflow's fingerprint changes when it does.</param>
    /// <param name="until">Computes the due time from the step's input.</param>
    /// <returns>The step.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="until"/> is null.</exception>
    public static IChainStep<T, T> DelayUntil<T>(string name, Func<T, DateTimeOffset> until) =>
        new DelayUntilStep<T>(name, until ?? throw new ArgumentNullException(nameof(until)));

    private sealed class DelayStep<T>(TimeSpan delay) : IChainStep<T, T>
    {
        public WorkflowStep Step { get; } = WorkflowStep.DelayFor(delay);

        ValueTask<StepResult<T>> IChainStep<T, T>.RunAsync(WorkflowRun run, int index, T input, object? handoff, CancellationToken cancellationToken) =>
            run.DelayAsync(index, delay, input, cancellationToken);
    }

    private sealed class DelayUntilStep<T>(string name, Func<T, DateTimeOffset> until) : IChainStep<T, T>
    {
        public WorkflowStep Step { get; } = WorkflowStep.DelayUntil(name, input => until((T)input!));

        ValueTask<StepResult<T>> IChainStep<T, T>.RunAsync(WorkflowRun run, int index, T input, object? handoff, CancellationToken cancellationToken) =>
            run.DelayUntilAsync(index, input, until, cancellationToken);
    }
}

/// <summary>
/// Chain workflows (<c>sequential</c>, <c>nested_sequential</c>, <c>nested</c>, <c>prompt_cached_sequential</c>,
/// <c>tool_enhanced</c>) of up to eight typed steps, as generated definitions declare them: each step runs on what the
/// one before it gave, the first step that does not complete ends the run (failed, or waiting for a response or a
/// delay), and the last step's output is the workflow's. A run is one state machine over the typed steps, as a hand-written chain would be; the overloads are
/// written out per number of steps for that reason. Longer chains get a generated runner of their own.
/// </summary>
public static class SequentialChain
{
    /// <summary>The longest chain these overloads take.</summary>
    public const int MaxSteps = 8;

    /// <summary>A chain of 1 step.</summary>
    /// <typeparam name="T0">The workflow's input.</typeparam>
    /// <typeparam name="T1">What step 1 gives.</typeparam>
    /// <param name="id">The workflow id.</param>
    /// <param name="strategy">The strategy name (<c>sequential</c>, <c>nested_sequential</c>, <c>prompt_cached_sequential</c>, ...).</param>
    /// <param name="description">What the workflow does.</param>
    /// <param name="maxDepth">How many levels of workflow references may stack below this workflow (at least 1).</param>
    /// <param name="diagram">The workflow's Mermaid flowchart, or <see langword="null"/>.</param>
    /// <param name="handoff">What every agent step receives in <see cref="AgentContext.Handoff"/> (a <see cref="PromptCacheHandoff"/>), or <see langword="null"/>.</param>
    /// <param name="step1">Step 1, run on the input.</param>
    /// <returns>The definition, whose runs are one state machine over the typed steps.</returns>
    /// <exception cref="ArgumentNullException">A step is null.</exception>
    /// <exception cref="ArgumentException">An id or name is invalid; the message names the workflow and the value.</exception>
    public static WorkflowDefinition<T0, T1> Define<T0, T1>(string id, string strategy, string? description, int maxDepth, string? diagram, object? handoff, IChainStep<T0, T1> step1) =>
        new(id, strategy, Steps(id, step1), (input, run, token) => RunAsync(input, run, handoff, step1, token), description, maxDepth, diagram);

    /// <summary>A chain of 2 steps.</summary>
    /// <typeparam name="T0">The workflow's input.</typeparam>
    /// <typeparam name="T1">What step 1 gives.</typeparam>
    /// <typeparam name="T2">What step 2 gives.</typeparam>
    /// <param name="id">The workflow id.</param>
    /// <param name="strategy">The strategy name (<c>sequential</c>, <c>nested_sequential</c>, <c>prompt_cached_sequential</c>, ...).</param>
    /// <param name="description">What the workflow does.</param>
    /// <param name="maxDepth">How many levels of workflow references may stack below this workflow (at least 1).</param>
    /// <param name="diagram">The workflow's Mermaid flowchart, or <see langword="null"/>.</param>
    /// <param name="handoff">What every agent step receives in <see cref="AgentContext.Handoff"/> (a <see cref="PromptCacheHandoff"/>), or <see langword="null"/>.</param>
    /// <param name="step1">Step 1, run on the input.</param>
    /// <param name="step2">Step 2, run on what step 1 gave.</param>
    /// <returns>The definition, whose runs are one state machine over the typed steps.</returns>
    /// <exception cref="ArgumentNullException">A step is null.</exception>
    /// <exception cref="ArgumentException">An id or name is invalid; the message names the workflow and the value.</exception>
    public static WorkflowDefinition<T0, T2> Define<T0, T1, T2>(string id, string strategy, string? description, int maxDepth, string? diagram, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2) =>
        new(id, strategy, Steps(id, step1, step2), (input, run, token) => RunAsync(input, run, handoff, step1, step2, token), description, maxDepth, diagram);

    /// <summary>A chain of 3 steps.</summary>
    /// <typeparam name="T0">The workflow's input.</typeparam>
    /// <typeparam name="T1">What step 1 gives.</typeparam>
    /// <typeparam name="T2">What step 2 gives.</typeparam>
    /// <typeparam name="T3">What step 3 gives.</typeparam>
    /// <param name="id">The workflow id.</param>
    /// <param name="strategy">The strategy name (<c>sequential</c>, <c>nested_sequential</c>, <c>prompt_cached_sequential</c>, ...).</param>
    /// <param name="description">What the workflow does.</param>
    /// <param name="maxDepth">How many levels of workflow references may stack below this workflow (at least 1).</param>
    /// <param name="diagram">The workflow's Mermaid flowchart, or <see langword="null"/>.</param>
    /// <param name="handoff">What every agent step receives in <see cref="AgentContext.Handoff"/> (a <see cref="PromptCacheHandoff"/>), or <see langword="null"/>.</param>
    /// <param name="step1">Step 1, run on the input.</param>
    /// <param name="step2">Step 2, run on what step 1 gave.</param>
    /// <param name="step3">Step 3, run on what step 2 gave.</param>
    /// <returns>The definition, whose runs are one state machine over the typed steps.</returns>
    /// <exception cref="ArgumentNullException">A step is null.</exception>
    /// <exception cref="ArgumentException">An id or name is invalid; the message names the workflow and the value.</exception>
    public static WorkflowDefinition<T0, T3> Define<T0, T1, T2, T3>(string id, string strategy, string? description, int maxDepth, string? diagram, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, IChainStep<T2, T3> step3) =>
        new(id, strategy, Steps(id, step1, step2, step3), (input, run, token) => RunAsync(input, run, handoff, step1, step2, step3, token), description, maxDepth, diagram);

    /// <summary>A chain of 4 steps.</summary>
    /// <typeparam name="T0">The workflow's input.</typeparam>
    /// <typeparam name="T1">What step 1 gives.</typeparam>
    /// <typeparam name="T2">What step 2 gives.</typeparam>
    /// <typeparam name="T3">What step 3 gives.</typeparam>
    /// <typeparam name="T4">What step 4 gives.</typeparam>
    /// <param name="id">The workflow id.</param>
    /// <param name="strategy">The strategy name (<c>sequential</c>, <c>nested_sequential</c>, <c>prompt_cached_sequential</c>, ...).</param>
    /// <param name="description">What the workflow does.</param>
    /// <param name="maxDepth">How many levels of workflow references may stack below this workflow (at least 1).</param>
    /// <param name="diagram">The workflow's Mermaid flowchart, or <see langword="null"/>.</param>
    /// <param name="handoff">What every agent step receives in <see cref="AgentContext.Handoff"/> (a <see cref="PromptCacheHandoff"/>), or <see langword="null"/>.</param>
    /// <param name="step1">Step 1, run on the input.</param>
    /// <param name="step2">Step 2, run on what step 1 gave.</param>
    /// <param name="step3">Step 3, run on what step 2 gave.</param>
    /// <param name="step4">Step 4, run on what step 3 gave.</param>
    /// <returns>The definition, whose runs are one state machine over the typed steps.</returns>
    /// <exception cref="ArgumentNullException">A step is null.</exception>
    /// <exception cref="ArgumentException">An id or name is invalid; the message names the workflow and the value.</exception>
    public static WorkflowDefinition<T0, T4> Define<T0, T1, T2, T3, T4>(string id, string strategy, string? description, int maxDepth, string? diagram, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, IChainStep<T2, T3> step3, IChainStep<T3, T4> step4) =>
        new(id, strategy, Steps(id, step1, step2, step3, step4), (input, run, token) => RunAsync(input, run, handoff, step1, step2, step3, step4, token), description, maxDepth, diagram);

    /// <summary>A chain of 5 steps.</summary>
    /// <typeparam name="T0">The workflow's input.</typeparam>
    /// <typeparam name="T1">What step 1 gives.</typeparam>
    /// <typeparam name="T2">What step 2 gives.</typeparam>
    /// <typeparam name="T3">What step 3 gives.</typeparam>
    /// <typeparam name="T4">What step 4 gives.</typeparam>
    /// <typeparam name="T5">What step 5 gives.</typeparam>
    /// <param name="id">The workflow id.</param>
    /// <param name="strategy">The strategy name (<c>sequential</c>, <c>nested_sequential</c>, <c>prompt_cached_sequential</c>, ...).</param>
    /// <param name="description">What the workflow does.</param>
    /// <param name="maxDepth">How many levels of workflow references may stack below this workflow (at least 1).</param>
    /// <param name="diagram">The workflow's Mermaid flowchart, or <see langword="null"/>.</param>
    /// <param name="handoff">What every agent step receives in <see cref="AgentContext.Handoff"/> (a <see cref="PromptCacheHandoff"/>), or <see langword="null"/>.</param>
    /// <param name="step1">Step 1, run on the input.</param>
    /// <param name="step2">Step 2, run on what step 1 gave.</param>
    /// <param name="step3">Step 3, run on what step 2 gave.</param>
    /// <param name="step4">Step 4, run on what step 3 gave.</param>
    /// <param name="step5">Step 5, run on what step 4 gave.</param>
    /// <returns>The definition, whose runs are one state machine over the typed steps.</returns>
    /// <exception cref="ArgumentNullException">A step is null.</exception>
    /// <exception cref="ArgumentException">An id or name is invalid; the message names the workflow and the value.</exception>
    public static WorkflowDefinition<T0, T5> Define<T0, T1, T2, T3, T4, T5>(string id, string strategy, string? description, int maxDepth, string? diagram, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, IChainStep<T2, T3> step3, IChainStep<T3, T4> step4, IChainStep<T4, T5> step5) =>
        new(id, strategy, Steps(id, step1, step2, step3, step4, step5), (input, run, token) => RunAsync(input, run, handoff, step1, step2, step3, step4, step5, token), description, maxDepth, diagram);

    /// <summary>A chain of 6 steps.</summary>
    /// <typeparam name="T0">The workflow's input.</typeparam>
    /// <typeparam name="T1">What step 1 gives.</typeparam>
    /// <typeparam name="T2">What step 2 gives.</typeparam>
    /// <typeparam name="T3">What step 3 gives.</typeparam>
    /// <typeparam name="T4">What step 4 gives.</typeparam>
    /// <typeparam name="T5">What step 5 gives.</typeparam>
    /// <typeparam name="T6">What step 6 gives.</typeparam>
    /// <param name="id">The workflow id.</param>
    /// <param name="strategy">The strategy name (<c>sequential</c>, <c>nested_sequential</c>, <c>prompt_cached_sequential</c>, ...).</param>
    /// <param name="description">What the workflow does.</param>
    /// <param name="maxDepth">How many levels of workflow references may stack below this workflow (at least 1).</param>
    /// <param name="diagram">The workflow's Mermaid flowchart, or <see langword="null"/>.</param>
    /// <param name="handoff">What every agent step receives in <see cref="AgentContext.Handoff"/> (a <see cref="PromptCacheHandoff"/>), or <see langword="null"/>.</param>
    /// <param name="step1">Step 1, run on the input.</param>
    /// <param name="step2">Step 2, run on what step 1 gave.</param>
    /// <param name="step3">Step 3, run on what step 2 gave.</param>
    /// <param name="step4">Step 4, run on what step 3 gave.</param>
    /// <param name="step5">Step 5, run on what step 4 gave.</param>
    /// <param name="step6">Step 6, run on what step 5 gave.</param>
    /// <returns>The definition, whose runs are one state machine over the typed steps.</returns>
    /// <exception cref="ArgumentNullException">A step is null.</exception>
    /// <exception cref="ArgumentException">An id or name is invalid; the message names the workflow and the value.</exception>
    public static WorkflowDefinition<T0, T6> Define<T0, T1, T2, T3, T4, T5, T6>(string id, string strategy, string? description, int maxDepth, string? diagram, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, IChainStep<T2, T3> step3, IChainStep<T3, T4> step4, IChainStep<T4, T5> step5, IChainStep<T5, T6> step6) =>
        new(id, strategy, Steps(id, step1, step2, step3, step4, step5, step6), (input, run, token) => RunAsync(input, run, handoff, step1, step2, step3, step4, step5, step6, token), description, maxDepth, diagram);

    /// <summary>A chain of 7 steps.</summary>
    /// <typeparam name="T0">The workflow's input.</typeparam>
    /// <typeparam name="T1">What step 1 gives.</typeparam>
    /// <typeparam name="T2">What step 2 gives.</typeparam>
    /// <typeparam name="T3">What step 3 gives.</typeparam>
    /// <typeparam name="T4">What step 4 gives.</typeparam>
    /// <typeparam name="T5">What step 5 gives.</typeparam>
    /// <typeparam name="T6">What step 6 gives.</typeparam>
    /// <typeparam name="T7">What step 7 gives.</typeparam>
    /// <param name="id">The workflow id.</param>
    /// <param name="strategy">The strategy name (<c>sequential</c>, <c>nested_sequential</c>, <c>prompt_cached_sequential</c>, ...).</param>
    /// <param name="description">What the workflow does.</param>
    /// <param name="maxDepth">How many levels of workflow references may stack below this workflow (at least 1).</param>
    /// <param name="diagram">The workflow's Mermaid flowchart, or <see langword="null"/>.</param>
    /// <param name="handoff">What every agent step receives in <see cref="AgentContext.Handoff"/> (a <see cref="PromptCacheHandoff"/>), or <see langword="null"/>.</param>
    /// <param name="step1">Step 1, run on the input.</param>
    /// <param name="step2">Step 2, run on what step 1 gave.</param>
    /// <param name="step3">Step 3, run on what step 2 gave.</param>
    /// <param name="step4">Step 4, run on what step 3 gave.</param>
    /// <param name="step5">Step 5, run on what step 4 gave.</param>
    /// <param name="step6">Step 6, run on what step 5 gave.</param>
    /// <param name="step7">Step 7, run on what step 6 gave.</param>
    /// <returns>The definition, whose runs are one state machine over the typed steps.</returns>
    /// <exception cref="ArgumentNullException">A step is null.</exception>
    /// <exception cref="ArgumentException">An id or name is invalid; the message names the workflow and the value.</exception>
    public static WorkflowDefinition<T0, T7> Define<T0, T1, T2, T3, T4, T5, T6, T7>(string id, string strategy, string? description, int maxDepth, string? diagram, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, IChainStep<T2, T3> step3, IChainStep<T3, T4> step4, IChainStep<T4, T5> step5, IChainStep<T5, T6> step6, IChainStep<T6, T7> step7) =>
        new(id, strategy, Steps(id, step1, step2, step3, step4, step5, step6, step7), (input, run, token) => RunAsync(input, run, handoff, step1, step2, step3, step4, step5, step6, step7, token), description, maxDepth, diagram);

    /// <summary>A chain of 8 steps.</summary>
    /// <typeparam name="T0">The workflow's input.</typeparam>
    /// <typeparam name="T1">What step 1 gives.</typeparam>
    /// <typeparam name="T2">What step 2 gives.</typeparam>
    /// <typeparam name="T3">What step 3 gives.</typeparam>
    /// <typeparam name="T4">What step 4 gives.</typeparam>
    /// <typeparam name="T5">What step 5 gives.</typeparam>
    /// <typeparam name="T6">What step 6 gives.</typeparam>
    /// <typeparam name="T7">What step 7 gives.</typeparam>
    /// <typeparam name="T8">What step 8 gives.</typeparam>
    /// <param name="id">The workflow id.</param>
    /// <param name="strategy">The strategy name (<c>sequential</c>, <c>nested_sequential</c>, <c>prompt_cached_sequential</c>, ...).</param>
    /// <param name="description">What the workflow does.</param>
    /// <param name="maxDepth">How many levels of workflow references may stack below this workflow (at least 1).</param>
    /// <param name="diagram">The workflow's Mermaid flowchart, or <see langword="null"/>.</param>
    /// <param name="handoff">What every agent step receives in <see cref="AgentContext.Handoff"/> (a <see cref="PromptCacheHandoff"/>), or <see langword="null"/>.</param>
    /// <param name="step1">Step 1, run on the input.</param>
    /// <param name="step2">Step 2, run on what step 1 gave.</param>
    /// <param name="step3">Step 3, run on what step 2 gave.</param>
    /// <param name="step4">Step 4, run on what step 3 gave.</param>
    /// <param name="step5">Step 5, run on what step 4 gave.</param>
    /// <param name="step6">Step 6, run on what step 5 gave.</param>
    /// <param name="step7">Step 7, run on what step 6 gave.</param>
    /// <param name="step8">Step 8, run on what step 7 gave.</param>
    /// <returns>The definition, whose runs are one state machine over the typed steps.</returns>
    /// <exception cref="ArgumentNullException">A step is null.</exception>
    /// <exception cref="ArgumentException">An id or name is invalid; the message names the workflow and the value.</exception>
    public static WorkflowDefinition<T0, T8> Define<T0, T1, T2, T3, T4, T5, T6, T7, T8>(string id, string strategy, string? description, int maxDepth, string? diagram, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, IChainStep<T2, T3> step3, IChainStep<T3, T4> step4, IChainStep<T4, T5> step5, IChainStep<T5, T6> step6, IChainStep<T6, T7> step7, IChainStep<T7, T8> step8) =>
        new(id, strategy, Steps(id, step1, step2, step3, step4, step5, step6, step7, step8), (input, run, token) => RunAsync(input, run, handoff, step1, step2, step3, step4, step5, step6, step7, step8, token), description, maxDepth, diagram);

    private static async ValueTask<WorkflowResult<T1>> RunAsync<T0, T1>(T0 input, WorkflowRun run, object? handoff, IChainStep<T0, T1> step1, CancellationToken cancellationToken)
    {
        var result1 = await step1.RunAsync(run, 1, input, handoff, cancellationToken).ConfigureAwait(false);
        if (!result1.Succeeded)
        {
            return run.Fail<T1>(result1);
        }

        return run.Complete(result1.Output!);
    }

    private static async ValueTask<WorkflowResult<T2>> RunAsync<T0, T1, T2>(T0 input, WorkflowRun run, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, CancellationToken cancellationToken)
    {
        var result1 = await step1.RunAsync(run, 1, input, handoff, cancellationToken).ConfigureAwait(false);
        if (!result1.Succeeded)
        {
            return run.Fail<T2>(result1);
        }

        var result2 = await step2.RunAsync(run, 2, result1.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result2.Succeeded)
        {
            return run.Fail<T2>(result2);
        }

        return run.Complete(result2.Output!);
    }

    private static async ValueTask<WorkflowResult<T3>> RunAsync<T0, T1, T2, T3>(T0 input, WorkflowRun run, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, IChainStep<T2, T3> step3, CancellationToken cancellationToken)
    {
        var result1 = await step1.RunAsync(run, 1, input, handoff, cancellationToken).ConfigureAwait(false);
        if (!result1.Succeeded)
        {
            return run.Fail<T3>(result1);
        }

        var result2 = await step2.RunAsync(run, 2, result1.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result2.Succeeded)
        {
            return run.Fail<T3>(result2);
        }

        var result3 = await step3.RunAsync(run, 3, result2.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result3.Succeeded)
        {
            return run.Fail<T3>(result3);
        }

        return run.Complete(result3.Output!);
    }

    private static async ValueTask<WorkflowResult<T4>> RunAsync<T0, T1, T2, T3, T4>(T0 input, WorkflowRun run, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, IChainStep<T2, T3> step3, IChainStep<T3, T4> step4, CancellationToken cancellationToken)
    {
        var result1 = await step1.RunAsync(run, 1, input, handoff, cancellationToken).ConfigureAwait(false);
        if (!result1.Succeeded)
        {
            return run.Fail<T4>(result1);
        }

        var result2 = await step2.RunAsync(run, 2, result1.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result2.Succeeded)
        {
            return run.Fail<T4>(result2);
        }

        var result3 = await step3.RunAsync(run, 3, result2.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result3.Succeeded)
        {
            return run.Fail<T4>(result3);
        }

        var result4 = await step4.RunAsync(run, 4, result3.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result4.Succeeded)
        {
            return run.Fail<T4>(result4);
        }

        return run.Complete(result4.Output!);
    }

    private static async ValueTask<WorkflowResult<T5>> RunAsync<T0, T1, T2, T3, T4, T5>(T0 input, WorkflowRun run, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, IChainStep<T2, T3> step3, IChainStep<T3, T4> step4, IChainStep<T4, T5> step5, CancellationToken cancellationToken)
    {
        var result1 = await step1.RunAsync(run, 1, input, handoff, cancellationToken).ConfigureAwait(false);
        if (!result1.Succeeded)
        {
            return run.Fail<T5>(result1);
        }

        var result2 = await step2.RunAsync(run, 2, result1.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result2.Succeeded)
        {
            return run.Fail<T5>(result2);
        }

        var result3 = await step3.RunAsync(run, 3, result2.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result3.Succeeded)
        {
            return run.Fail<T5>(result3);
        }

        var result4 = await step4.RunAsync(run, 4, result3.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result4.Succeeded)
        {
            return run.Fail<T5>(result4);
        }

        var result5 = await step5.RunAsync(run, 5, result4.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result5.Succeeded)
        {
            return run.Fail<T5>(result5);
        }

        return run.Complete(result5.Output!);
    }

    private static async ValueTask<WorkflowResult<T6>> RunAsync<T0, T1, T2, T3, T4, T5, T6>(T0 input, WorkflowRun run, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, IChainStep<T2, T3> step3, IChainStep<T3, T4> step4, IChainStep<T4, T5> step5, IChainStep<T5, T6> step6, CancellationToken cancellationToken)
    {
        var result1 = await step1.RunAsync(run, 1, input, handoff, cancellationToken).ConfigureAwait(false);
        if (!result1.Succeeded)
        {
            return run.Fail<T6>(result1);
        }

        var result2 = await step2.RunAsync(run, 2, result1.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result2.Succeeded)
        {
            return run.Fail<T6>(result2);
        }

        var result3 = await step3.RunAsync(run, 3, result2.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result3.Succeeded)
        {
            return run.Fail<T6>(result3);
        }

        var result4 = await step4.RunAsync(run, 4, result3.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result4.Succeeded)
        {
            return run.Fail<T6>(result4);
        }

        var result5 = await step5.RunAsync(run, 5, result4.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result5.Succeeded)
        {
            return run.Fail<T6>(result5);
        }

        var result6 = await step6.RunAsync(run, 6, result5.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result6.Succeeded)
        {
            return run.Fail<T6>(result6);
        }

        return run.Complete(result6.Output!);
    }

    private static async ValueTask<WorkflowResult<T7>> RunAsync<T0, T1, T2, T3, T4, T5, T6, T7>(T0 input, WorkflowRun run, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, IChainStep<T2, T3> step3, IChainStep<T3, T4> step4, IChainStep<T4, T5> step5, IChainStep<T5, T6> step6, IChainStep<T6, T7> step7, CancellationToken cancellationToken)
    {
        var result1 = await step1.RunAsync(run, 1, input, handoff, cancellationToken).ConfigureAwait(false);
        if (!result1.Succeeded)
        {
            return run.Fail<T7>(result1);
        }

        var result2 = await step2.RunAsync(run, 2, result1.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result2.Succeeded)
        {
            return run.Fail<T7>(result2);
        }

        var result3 = await step3.RunAsync(run, 3, result2.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result3.Succeeded)
        {
            return run.Fail<T7>(result3);
        }

        var result4 = await step4.RunAsync(run, 4, result3.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result4.Succeeded)
        {
            return run.Fail<T7>(result4);
        }

        var result5 = await step5.RunAsync(run, 5, result4.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result5.Succeeded)
        {
            return run.Fail<T7>(result5);
        }

        var result6 = await step6.RunAsync(run, 6, result5.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result6.Succeeded)
        {
            return run.Fail<T7>(result6);
        }

        var result7 = await step7.RunAsync(run, 7, result6.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result7.Succeeded)
        {
            return run.Fail<T7>(result7);
        }

        return run.Complete(result7.Output!);
    }

    private static async ValueTask<WorkflowResult<T8>> RunAsync<T0, T1, T2, T3, T4, T5, T6, T7, T8>(T0 input, WorkflowRun run, object? handoff, IChainStep<T0, T1> step1, IChainStep<T1, T2> step2, IChainStep<T2, T3> step3, IChainStep<T3, T4> step4, IChainStep<T4, T5> step5, IChainStep<T5, T6> step6, IChainStep<T6, T7> step7, IChainStep<T7, T8> step8, CancellationToken cancellationToken)
    {
        var result1 = await step1.RunAsync(run, 1, input, handoff, cancellationToken).ConfigureAwait(false);
        if (!result1.Succeeded)
        {
            return run.Fail<T8>(result1);
        }

        var result2 = await step2.RunAsync(run, 2, result1.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result2.Succeeded)
        {
            return run.Fail<T8>(result2);
        }

        var result3 = await step3.RunAsync(run, 3, result2.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result3.Succeeded)
        {
            return run.Fail<T8>(result3);
        }

        var result4 = await step4.RunAsync(run, 4, result3.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result4.Succeeded)
        {
            return run.Fail<T8>(result4);
        }

        var result5 = await step5.RunAsync(run, 5, result4.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result5.Succeeded)
        {
            return run.Fail<T8>(result5);
        }

        var result6 = await step6.RunAsync(run, 6, result5.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result6.Succeeded)
        {
            return run.Fail<T8>(result6);
        }

        var result7 = await step7.RunAsync(run, 7, result6.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result7.Succeeded)
        {
            return run.Fail<T8>(result7);
        }

        var result8 = await step8.RunAsync(run, 8, result7.Output!, handoff, cancellationToken).ConfigureAwait(false);
        if (!result8.Succeeded)
        {
            return run.Fail<T8>(result8);
        }

        return run.Complete(result8.Output!);
    }

    private static WorkflowStep[] Steps(string id, params IChainStep[] steps)
    {
        var listed = new WorkflowStep[steps.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            listed[i] = (steps[i] ?? throw new ArgumentNullException($"step{i + 1}", $"Workflow '{id}': step {i + 1} is null.")).Step;
        }

        return listed;
    }
}
