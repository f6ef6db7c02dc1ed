using System.Collections.Generic;
using Orchestration.Declarations;

namespace Orchestration.Rules;

/// <summary>refinement: the critic takes the draft and produces a Critique; the reviser takes and produces the draft.</summary>
internal static class RefinementRule
{
    public static (T? Input, T? Output) Types<T>(TypeFacts<T> facts, IReadOnlyList<RuleStep<T>> steps, List<Problem> problems)
        where T : class
    {
        var (drafter, critic) = (steps[0], steps[1]);
        var draft = drafter.Output;
        var before = problems.Count;
        if (draft is not null && critic.Input is { } critiqued && !facts.Accepts(critiqued, draft))
        {
            problems.Add(new Problem(ProblemKind.TypeMismatch,
                $"Step 2 '{critic.Id}' (the critic) takes {facts.Name(critiqued)} but step 1 '{drafter.Id}' (the drafter) produces {facts.Name(draft)}",
                ProblemTarget.StepTarget, critic.Index));
        }
        else if (critic.Output is { } verdict && !facts.IsCritique(verdict))
        {
            problems.Add(new Problem(ProblemKind.TypeMismatch,
                $"Step 2 '{critic.Id}' (the critic) produces {facts.Name(verdict)} but must produce Orchestration.Critique, which says whether the draft is accepted",
                ProblemTarget.StepTarget, critic.Index));
        }

        if (steps.Count == 3 && draft is not null && ShapeRules.Known(steps[2]))
        {
            var reviser = steps[2];
            if (!facts.Accepts(reviser.Input!, draft) || !facts.Accepts(draft, reviser.Output!))
            {
                problems.Add(new Problem(ProblemKind.TypeMismatch,
                    $"Step 3 '{reviser.Id}' (the reviser) takes {facts.Name(reviser.Input!)} and produces {facts.Name(reviser.Output!)}, but it must take and produce the draft, {facts.Name(draft)}",
                    ProblemTarget.StepTarget, reviser.Index));
            }
        }

        return problems.Count > before || draft is null ? (null, null) : (drafter.Input, facts.Refined(draft));
    }
}
