using System.Collections.Generic;
using System.Linq;
using Orchestration.Declarations;

namespace Orchestration.Rules;

/// <summary>Fan-outs (parallel): every step receives the workflow's input; the workflow produces every output, in order.</summary>
internal static class FanOutRule
{
    public static (T? Input, T? Output) Types<T>(TypeFacts<T> facts, IReadOnlyList<RuleStep<T>> steps, List<Problem> problems)
        where T : class
    {
        var input = steps[0].Input;
        var ok = true;
        for (var i = 1; i < steps.Count && input is not null; i++)
        {
            if (steps[i].Input is { } taken && !facts.Accepts(taken, input))
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.TypeMismatch,
                    $"Step {steps[i].Index} '{steps[i].Id}' takes {facts.Name(taken)} but every step of a fan-out receives the workflow's input, {facts.Name(input)} (the input of step 1 '{steps[0].Id}')",
                    ProblemTarget.StepTarget, steps[i].Index));
            }
        }

        return !ok ? (null, null) : (input, steps.All(ShapeRules.Known) ? facts.Gathered(steps) : null);
    }
}
