using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>One participant's position in one round of a debate.</summary>
/// <param name="Participant">The participant's id.</param>
/// <param name="Position">What it argued.</param>
/// <param name="Confidence">The confidence it reported, if any.</param>
public sealed record DebatePosition<TPosition>(string Participant, TPosition Position, double? Confidence);

/// <summary>A finished debate: every round's positions and how far the participants agree at the end.</summary>
/// <param name="Rounds">Each round's positions, in participant order.</param>
/// <param name="Agreement">The share of participants holding the most common final position (0 to 1).</param>
/// <param name="ConsensusReached">Whether strictly more than half the participants hold it (attune's majority rule).</param>
/// <param name="MajorityPosition">The most common final position (the first declared among equally common ones).</param>
public sealed record DebateTranscript<TPosition>(
    IReadOnlyList<IReadOnlyList<DebatePosition<TPosition>>> Rounds,
    double Agreement,
    bool ConsensusReached,
    TPosition MajorityPosition)
{
    /// <summary>The positions of the last round.</summary>
    public IReadOnlyList<DebatePosition<TPosition>> FinalPositions => Rounds[Rounds.Count - 1];
}

/// <summary>What a participant receives in <see cref="AgentContext.Handoff"/>: the round, and the others' previous positions.</summary>
/// <param name="Round">The round being argued, from 1.</param>
/// <param name="OthersPrevious">The other participants' positions in the previous round (empty in round 1).</param>
public sealed record DebateHandoff(int Round, IReadOnlyList<DebatePosition<object?>> OthersPrevious);

/// <summary>One participant of a debate.</summary>
/// <param name="Id">The template or workflow id.</param>
/// <param name="Run">Runs the participant on the workflow's input with the round's handoff.</param>
public sealed record Participant<TInput, TPosition>(
    string Id,
    Func<WorkflowRun, TInput, DebateHandoff, CancellationToken, ValueTask<StepResult<TPosition>>> Run);

/// <summary>
/// The <c>debate</c> pattern, shared by generated runners and <see cref="DebateStrategy"/>: participants argue in
/// parallel for a number of rounds, each round seeing the others' previous positions; the transcript measures the
/// final agreement, and an optional judge turns it into the output. A participant's failure fails the run (attune's
/// one-round "debate" reported it inside a success).
/// </summary>
public static class Debate
{
    /// <summary>The default number of rounds.</summary>
    public const int DefaultRounds = 2;

    /// <summary>Runs a debate and produces its transcript.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 participants, or fewer than 1 round.</exception>
    public static async ValueTask<WorkflowResult<DebateTranscript<TPosition>>> RunAsync<TInput, TPosition>(
        WorkflowRun run,
        TInput input,
        IReadOnlyList<Participant<TInput, TPosition>> participants,
        int rounds,
        CancellationToken cancellationToken)
    {
        var (transcript, failed) = await ArgueAsync(run, input, participants, rounds, cancellationToken).ConfigureAwait(false);
        return failed is null ? run.Complete(transcript!) : run.Fail<DebateTranscript<TPosition>>(failed);
    }

    /// <summary>Runs a debate, then the judge on its transcript, and produces the judge's output.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 participants, or fewer than 1 round.</exception>
    public static async ValueTask<WorkflowResult<TOutput>> RunAsync<TInput, TPosition, TOutput>(
        WorkflowRun run,
        TInput input,
        IReadOnlyList<Participant<TInput, TPosition>> participants,
        int rounds,
        Func<WorkflowRun, DebateTranscript<TPosition>, CancellationToken, ValueTask<StepResult<TOutput>>> judge,
        CancellationToken cancellationToken)
    {
        if (judge is null)
        {
            throw new ArgumentNullException(nameof(judge));
        }

        var (transcript, failed) = await ArgueAsync(run, input, participants, rounds, cancellationToken).ConfigureAwait(false);
        if (failed is not null)
        {
            return run.Fail<TOutput>(failed);
        }

        var verdict = await judge(run, transcript!, cancellationToken).ConfigureAwait(false);
        return verdict.Succeeded ? run.Complete(verdict.Output!) : run.Fail<TOutput>(verdict);
    }

    private static async ValueTask<(DebateTranscript<TPosition>? Transcript, StepResult? Failed)> ArgueAsync<TInput, TPosition>(
        WorkflowRun run,
        TInput input,
        IReadOnlyList<Participant<TInput, TPosition>> participants,
        int rounds,
        CancellationToken cancellationToken)
    {
        if (run is null || participants is null)
        {
            throw new ArgumentNullException(run is null ? nameof(run) : nameof(participants));
        }

        if (participants.Count < 2)
        {
            throw new ArgumentException($"Debate strategy requires at least 2 participants; it has {participants.Count}.", nameof(participants));
        }

        StrategyArguments.AtLeastOne(rounds, "A debate needs at least 1 round.", nameof(rounds));
        var history = new List<IReadOnlyList<DebatePosition<TPosition>>>();
        for (var round = 1; round <= rounds; round++)
        {
            var previous = history.Count == 0 ? null : history[history.Count - 1];
            using var scope = run.BeginParallel(cancellationToken);
            var pending = new Task<StepResult<TPosition>>[participants.Count];
            for (var i = 0; i < participants.Count; i++)
            {
                var participant = participants[i];
                var others = previous is null
                    ? Array.Empty<DebatePosition<object?>>()
                    : previous.Where(p => p.Participant != participant.Id)
                        .Select(p => new DebatePosition<object?>(p.Participant, p.Position, p.Confidence))
                        .ToArray();
                var handoff = new DebateHandoff(round, others);
                pending[i] = scope.RunAsync(token => participant.Run(run, input, handoff, token));
            }

            var results = await Task.WhenAll(pending).ConfigureAwait(false);
            if (scope.Failure is { } failure)
            {
                return (null, failure);
            }

            history.Add(results.Select((r, i) => new DebatePosition<TPosition>(participants[i].Id, r.Output!, r.Confidence)).ToArray());
        }

        var final = history[history.Count - 1];
        var groups = final.GroupBy(p => p.Position, EqualityComparer<TPosition>.Default)
            .Select(g => (Position: g.Key, Count: g.Count()))
            .ToArray();
        var largest = groups.Aggregate((best, next) => next.Count > best.Count ? next : best);
        return (new DebateTranscript<TPosition>(history, (double)largest.Count / final.Count, largest.Count * 2 > final.Count, largest.Position), null);
    }
}
