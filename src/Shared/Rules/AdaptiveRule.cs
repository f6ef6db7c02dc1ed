using System.Collections.Generic;
using System.Linq;
using Orchestration.Declarations;

namespace Orchestration.Rules;

/// <summary>adaptive: every specialist takes the classifier's input and produces what the first specialist produces.</summary>
internal static class AdaptiveRule
{
    public static (T? Input, T? Output) Types<T>(TypeFacts<T> facts, IReadOnlyList<RuleStep<T>> steps, List<Problem> problems)
        where T : class
    {
        var classifier = steps[0];
        var answer = steps[1].Output;
        var ok = true;
        foreach (var specialist in steps.Skip(1))
        {
            if (classifier.Input is { } question && specialist.Input is { } taken && !facts.Accepts(taken, question))
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.TypeMismatch,
                    $"Step {specialist.Index} '{specialist.Id}' (a specialist) takes {facts.Name(taken)} but specialists receive the workflow's input, {facts.Name(question)} (the input of the classifier, step 1 '{classifier.Id}')",
                    ProblemTarget.StepTarget, specialist.Index));
            }
            else if (answer is not null && specialist.Output is { } produced && !facts.Accepts(answer, produced))
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.TypeMismatch,
                    $"Step {specialist.Index} '{specialist.Id}' (a specialist) produces {facts.Name(produced)} but every specialist must produce what step 2 '{steps[1].Id}' produces, {facts.Name(answer)}",
                    ProblemTarget.StepTarget, specialist.Index));
            }
        }

        return !ok || classifier.Output is null || answer is null ? (null, null) : (classifier.Input, facts.Routed(classifier.Output, answer));
    }
}
