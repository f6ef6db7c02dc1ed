using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>A critic's verdict on a draft in a <c>refinement</c> workflow.</summary>
/// <param name="Accepted">Whether the draft is good enough; the loop ends when it is.</param>
/// <param name="Feedback">What to change; the reviser (or the drafter) sees it.</param>
/// <param name="Score">An optional score, for reports.</param>
public sealed record Critique(bool Accepted, string Feedback, double? Score = null);

/// <summary>The outcome of a <c>refinement</c> workflow that converged: the accepted draft and how it got there.</summary>
/// <param name="Draft">The accepted draft.</param>
/// <param name="Iterations">How many critiques it took (1 when the first draft was accepted).</param>
/// <param name="Critiques">Every critique, in order; the last one accepted the draft.</param>
public sealed record Refined<TDraft>(TDraft Draft, int Iterations, IReadOnlyList<Critique> Critiques);

/// <summary>
/// What the reviser (or, without one, the drafter) of a <c>refinement</c> workflow receives in
/// <see cref="AgentContext.Handoff"/> when asked to revise.
/// </summary>
/// <param name="Input">The workflow's input.</param>
/// <param name="PreviousDraft">The draft that was critiqued.</param>
/// <param name="Critique">The critique to address.</param>
/// <param name="Iteration">The iteration about to start (2 for the first revision).</param>
public sealed record RefinementHandoff(object? Input, object? PreviousDraft, Critique Critique, int Iteration)
{
    /// <summary>The previous draft as <typeparamref name="T"/>, or <see langword="default"/>.</summary>
    public T? PreviousDraftAs<T>() => PreviousDraft is T typed ? typed : default;
}

/// <summary>
/// The <c>refinement</c> pattern, shared by generated runners and <see cref="RefinementStrategy"/>: a bounded
/// draft → critique → revise loop. It ends when the critic accepts (completed) or after the maximum number of critiques
/// (exhausted, which is not a success). attune's version made one linear pass and never looped.
/// </summary>
public static class Refinement
{
    /// <summary>The default maximum number of critiques.</summary>
    public const int DefaultMaxIterations = 3;

    /// <summary>Runs a refinement workflow.</summary>
    /// <param name="run">The run.</param>
    /// <param name="input">The workflow's input.</param>
    /// <param name="drafter">Produces a draft from the input (with a <see cref="RefinementHandoff"/> when redrafting).</param>
    /// <param name="critic">Critiques a draft.</param>
    /// <param name="reviser">Revises a draft with a <see cref="RefinementHandoff"/>; when null, the drafter drafts again.</param>
    /// <param name="maxIterations">How many critiques a draft may get (at least 1).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxIterations"/> is less than 1.</exception>
    public static async ValueTask<WorkflowResult<Refined<TDraft>>> RunAsync<TInput, TDraft>(
        WorkflowRun run,
        TInput input,
        Func<WorkflowRun, TInput, RefinementHandoff?, CancellationToken, ValueTask<StepResult<TDraft>>> drafter,
        Func<WorkflowRun, TDraft, CancellationToken, ValueTask<StepResult<Critique>>> critic,
        Func<WorkflowRun, TDraft, RefinementHandoff, CancellationToken, ValueTask<StepResult<TDraft>>>? reviser,
        int maxIterations,
        CancellationToken cancellationToken)
    {
        if (run is null || drafter is null || critic is null)
        {
            throw new ArgumentNullException(run is null ? nameof(run) : drafter is null ? nameof(drafter) : nameof(critic));
        }

        StrategyArguments.AtLeastOne(maxIterations, "Refinement needs at least 1 iteration.", nameof(maxIterations));
        var drafted = await drafter(run, input, null, cancellationToken).ConfigureAwait(false);
        if (!drafted.Succeeded)
        {
            return run.Fail<Refined<TDraft>>(drafted);
        }

        var draft = drafted.Output!;
        var critiques = new List<Critique>();
        for (var iteration = 1; ; iteration++)
        {
            var reviewed = await critic(run, draft, cancellationToken).ConfigureAwait(false);
            if (!reviewed.Succeeded)
            {
                return run.Fail<Refined<TDraft>>(reviewed);
            }

            var critique = reviewed.Output ?? new Critique(false, "the critic returned no critique");
            critiques.Add(critique);
            if (critique.Accepted)
            {
                return run.Complete(new Refined<TDraft>(draft, iteration, critiques));
            }

            if (iteration == maxIterations)
            {
                return run.Exhaust<Refined<TDraft>>(reviewed,
                    $"refinement exhausted: {maxIterations} critique(s) without acceptance; last feedback: {critique.Feedback}");
            }

            var handoff = new RefinementHandoff(input, draft, critique, iteration + 1);
            var revised = reviser is null
                ? await drafter(run, input, handoff, cancellationToken).ConfigureAwait(false)
                : await reviser(run, draft, handoff, cancellationToken).ConfigureAwait(false);
            if (!revised.Succeeded)
            {
                return run.Fail<Refined<TDraft>>(revised);
            }

            draft = revised.Output!;
        }
    }
}
