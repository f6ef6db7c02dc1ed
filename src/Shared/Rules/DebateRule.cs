using System.Collections.Generic;
using System.Linq;
using Orchestration.Declarations;

namespace Orchestration.Rules;

/// <summary>
/// debate: participants take the workflow's input and argue positions of one type; a last step that takes a
/// DebateTranscript is the judge, and must take the transcript of that type.
/// </summary>
internal static class DebateRule
{
    public static (T? Input, T? Output) Types<T>(TypeFacts<T> facts, string workflowId, string strategy, IReadOnlyList<RuleStep<T>> steps, List<Problem> problems)
        where T : class
    {
        var last = steps[steps.Count - 1];
        var judge = last.Input is { } judged && facts.IsTranscript(judged) ? last : null;
        var participants = judge is null ? steps : steps.Take(steps.Count - 1).ToList();
        if (participants.Count < 2)
        {
            problems.Add(new Problem(ProblemKind.Arity,
                $"Workflow '{workflowId}' uses strategy '{strategy}', which needs at least 2 participants (and optionally a judge), but it has {participants.Count} and a judge",
                ProblemTarget.WorkflowAttribute));
            return (null, null);
        }

        var input = participants[0].Input;
        var position = participants[0].Output;
        var ok = true;
        foreach (var participant in participants.Skip(1))
        {
            if (input is not null && participant.Input is { } taken && !facts.Accepts(taken, input))
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.TypeMismatch,
                    $"Step {participant.Index} '{participant.Id}' (a participant) takes {facts.Name(taken)} but participants receive the workflow's input, {facts.Name(input)} (the input of step 1 '{participants[0].Id}')",
                    ProblemTarget.StepTarget, participant.Index));
            }
            else if (position is not null && participant.Output is { } argued && !facts.Same(argued, position))
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.TypeMismatch,
                    $"Step {participant.Index} '{participant.Id}' (a participant) argues {facts.Name(argued)} but step 1 '{participants[0].Id}' argues {facts.Name(position)}; participants must argue positions of one type, so they can be compared",
                    ProblemTarget.StepTarget, participant.Index));
            }
        }

        if (position is null)
        {
            return (null, null);
        }

        var transcript = facts.Transcript(position);
        if (judge is not null && !facts.Accepts(judge.Input!, transcript))
        {
            ok = false;
            problems.Add(new Problem(ProblemKind.TypeMismatch,
                $"Step {judge.Index} '{judge.Id}' (the judge) takes {facts.Name(judge.Input!)} but the debate produces {facts.Name(transcript)}",
                ProblemTarget.StepTarget, judge.Index));
        }

        return !ok ? (null, null) : (input, judge is null ? transcript : judge.Output);
    }
}
