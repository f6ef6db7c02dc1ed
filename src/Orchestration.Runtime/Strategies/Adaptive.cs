using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>The outcome of an <c>adaptive</c> workflow: the specialist's answer, who gave it, and why they were chosen.</summary>
/// <param name="Output">The chosen specialist's answer.</param>
/// <param name="Specialist">The id of the specialist that ran.</param>
/// <param name="Classification">What the classifier produced.</param>
/// <param name="ClassifierConfidence">The confidence the classifier reported, if any.</param>
/// <param name="Reason">Why this specialist was chosen.</param>
public sealed record Routed<TClassification, TOutput>(
    TOutput Output,
    string Specialist,
    TClassification Classification,
    double? ClassifierConfidence,
    string Reason);

/// <summary>What the chosen specialist of an <c>adaptive</c> workflow receives in <see cref="AgentContext.Handoff"/>.</summary>
/// <param name="Classification">What the classifier produced.</param>
/// <param name="ClassifierConfidence">The confidence the classifier reported, if any.</param>
/// <param name="Reason">Why this specialist was chosen.</param>
public sealed record AdaptiveHandoff(object? Classification, double? ClassifierConfidence, string Reason)
{
    /// <summary>The classification as <typeparamref name="T"/>, or <see langword="default"/>.</summary>
    public T? ClassificationAs<T>() => Classification is T typed ? typed : default;
}

/// <summary>One specialist of an <c>adaptive</c> workflow.</summary>
/// <param name="Id">The template or workflow id.</param>
/// <param name="Tier">The specialist's tier (nested workflows count as <see cref="ModelTier.Capable"/>).</param>
/// <param name="Run">Runs the specialist on the workflow's input with the handoff in its context.</param>
public sealed record Specialist<TInput, TOutput>(
    string Id,
    ModelTier Tier,
    Func<WorkflowRun, TInput, AdaptiveHandoff, CancellationToken, ValueTask<StepResult<TOutput>>> Run);

/// <summary>
/// The <c>adaptive</c> pattern, shared by generated runners and <see cref="AdaptiveStrategy"/>. The classifier runs
/// first; then exactly one specialist: the one a routing function names, or, as in attune, the cheapest tier when the
/// classifier's confidence is above the threshold (strictly) and the most capable otherwise (the first in declaration
/// order among equals). A failed classifier fails the run (attune silently fell back to the first specialist).
/// </summary>
public static class Adaptive
{
    /// <summary>attune's threshold: 0.8.</summary>
    public const double DefaultThreshold = 0.8;

    /// <summary>Runs an adaptive workflow.</summary>
    /// <exception cref="ArgumentException">There is no specialist, or the threshold is not between 0 and 1.</exception>
    public static async ValueTask<WorkflowResult<Routed<TClassification, TOutput>>> RunAsync<TInput, TClassification, TOutput>(
        WorkflowRun run,
        TInput input,
        Func<WorkflowRun, TInput, CancellationToken, ValueTask<StepResult<TClassification>>> classifier,
        IReadOnlyList<Specialist<TInput, TOutput>> specialists,
        Func<TClassification, string>? router,
        double threshold,
        CancellationToken cancellationToken)
    {
        if (run is null || classifier is null || specialists is null)
        {
            throw new ArgumentNullException(run is null ? nameof(run) : classifier is null ? nameof(classifier) : nameof(specialists));
        }

        if (specialists.Count == 0)
        {
            throw new ArgumentException("Adaptive strategy requires at least one specialist after the classifier.", nameof(specialists));
        }

        StrategyArguments.Threshold(threshold, "adaptive", nameof(threshold));
        var classified = await classifier(run, input, cancellationToken).ConfigureAwait(false);
        if (!classified.Succeeded)
        {
            return run.Fail<Routed<TClassification, TOutput>>(classified);
        }

        var classification = classified.Output!;
        Specialist<TInput, TOutput> chosen;
        string reason;
        if (router is not null)
        {
            string? name;
            try
            {
                name = router(classification);
            }
            catch (Exception ex)
            {
                return run.Fail<Routed<TClassification, TOutput>>(RoutingFailure<TOutput>(classified, $"the routing function threw {ex.GetType().Name}: {ex.Message}", ex));
            }

            var match = specialists.FirstOrDefault(s => s.Id == name);
            if (match is null)
            {
                return run.Fail<Routed<TClassification, TOutput>>(RoutingFailure<TOutput>(classified,
                    $"the routing function chose '{name ?? "null"}', which is not a specialist of this workflow ({string.Join(", ", specialists.Select(s => s.Id))})",
                    null));
            }

            chosen = match;
            reason = $"the routing function chose '{match.Id}'";
        }
        else if (classified.Confidence is { } confidence && confidence > threshold)
        {
            chosen = specialists.Aggregate((best, next) => next.Tier < best.Tier ? next : best);
            reason = string.Format(CultureInfo.InvariantCulture, "classifier confidence {0} is above {1}: the cheapest specialist", confidence, threshold);
        }
        else
        {
            chosen = specialists.Aggregate((best, next) => next.Tier > best.Tier ? next : best);
            reason = classified.Confidence is { } low
                ? string.Format(CultureInfo.InvariantCulture, "classifier confidence {0} is not above {1}: the most capable specialist", low, threshold)
                : "the classifier reported no confidence: the most capable specialist";
        }

        var answer = await chosen.Run(run, input, new AdaptiveHandoff(classification, classified.Confidence, reason), cancellationToken).ConfigureAwait(false);
        return answer.Succeeded
            ? run.Complete(new Routed<TClassification, TOutput>(answer.Output!, chosen.Id, classification, classified.Confidence, reason))
            : run.Fail<Routed<TClassification, TOutput>>(answer);
    }

    // The classifier completed, so routing problems are reported against it, with the reason as its error.
    private static StepResult<T> RoutingFailure<T>(StepResult classifier, string error, Exception? exception) =>
        new(classifier.Index, classifier.StepId, classifier.Kind, StepStatus.Failed, default, classifier.Confidence, classifier.Duration, classifier.Attempts, error, exception);
}
