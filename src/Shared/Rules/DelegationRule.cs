using System.Collections.Generic;
using System.Linq;
using Orchestration.Declarations;

namespace Orchestration.Rules;

/// <summary>
/// delegation_chain: the planner produces a DelegationPlan; specialists take their task as a string and report one
/// type; the synthesizer takes the DelegationReports of that type.
/// </summary>
internal static class DelegationRule
{
    public static (T? Input, T? Output) Types<T>(TypeFacts<T> facts, IReadOnlyList<RuleStep<T>> steps, List<Problem> problems)
        where T : class
    {
        var (planner, synthesizer) = (steps[0], steps[steps.Count - 1]);
        var specialists = steps.Skip(1).Take(steps.Count - 2).ToList();
        var report = specialists[0].Output;
        var ok = true;
        if (planner.Output is { } plan && !facts.IsDelegationPlan(plan))
        {
            ok = false;
            problems.Add(new Problem(ProblemKind.TypeMismatch,
                $"Step 1 '{planner.Id}' (the planner) produces {facts.Name(plan)} but must produce Orchestration.DelegationPlan, the tasks to delegate",
                ProblemTarget.StepTarget, planner.Index));
        }

        foreach (var specialist in specialists)
        {
            if (specialist.Input is { } task && !facts.TakesString(task))
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.TypeMismatch,
                    $"Step {specialist.Index} '{specialist.Id}' (a specialist) takes {facts.Name(task)} but specialists receive their task as a string",
                    ProblemTarget.StepTarget, specialist.Index));
            }
            else if (report is not null && specialist.Output is { } reported && !facts.Same(reported, report))
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.TypeMismatch,
                    $"Step {specialist.Index} '{specialist.Id}' (a specialist) reports {facts.Name(reported)} but step 2 '{specialists[0].Id}' reports {facts.Name(report)}; specialists must report one type",
                    ProblemTarget.StepTarget, specialist.Index));
            }
        }

        if (report is not null && synthesizer.Input is { } gathered && !facts.Accepts(gathered, facts.Reports(report)))
        {
            ok = false;
            problems.Add(new Problem(ProblemKind.TypeMismatch,
                $"Step {synthesizer.Index} '{synthesizer.Id}' (the synthesizer) takes {facts.Name(gathered)} but the specialists' reports arrive as {facts.Name(facts.Reports(report))}",
                ProblemTarget.StepTarget, synthesizer.Index));
        }

        return ok ? (planner.Input, synthesizer.Output) : (null, null);
    }
}
