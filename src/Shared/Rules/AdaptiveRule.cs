using System.Collections.Generic;
using Orchestration.Declarations;

namespace Orchestration.Rules;

/// <summary>adaptive: every specialist takes the classifier's input and produces what the first specialist produces.</summary>
internal static class AdaptiveRule
{
    public static (T? Input, T? Output) Types<T>(TypeFacts<T> facts, IReadOnlyList<RuleStep<T>> steps, List<Problem> problems)
        where T : class
    {
        var classifier = steps[0];
        var ok = SameQuestionRule.Check(facts, steps, 1, $"specialist", $"specialists", classifier.Input, $"the input of the classifier, step 1 '{classifier.Id}'", problems);
        return ok && classifier.Output is { } classification && steps[1].Output is { } answer ? (classifier.Input, facts.Routed(classification, answer)) : (null, null);
    }
}
