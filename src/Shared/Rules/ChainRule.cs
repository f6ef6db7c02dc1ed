using System.Collections.Generic;
using Orchestration.Declarations;

namespace Orchestration.Rules;

/// <summary>Chains (sequential, nested_sequential, nested, tool_enhanced, prompt_cached_sequential): each output feeds the next step.</summary>
internal static class ChainRule
{
    public static (T? Input, T? Output) Types<T>(TypeFacts<T> facts, IReadOnlyList<RuleStep<T>> steps, List<Problem> problems)
        where T : class
    {
        var ok = true;
        for (var i = 1; i < steps.Count; i++)
        {
            var (previous, next) = (steps[i - 1], steps[i]);
            if (previous.Output is { } produced && next.Input is { } taken && !facts.Accepts(taken, produced))
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.TypeMismatch,
                    $"Step {next.Index} '{next.Id}' takes {facts.Name(taken)} but step {previous.Index} '{previous.Id}' produces {facts.Name(produced)}",
                    ProblemTarget.StepTarget, next.Index));
            }
        }

        return ok ? (steps[0].Input, steps[steps.Count - 1].Output) : (null, null);
    }
}
