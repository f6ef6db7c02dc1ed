using System.Collections.Generic;
using Orchestration.Declarations;

namespace Orchestration.Rules;

/// <summary>teaching: the expert answers the junior's question, so it takes the junior's input and produces its output.</summary>
internal static class TeachingRule
{
    public static (T? Input, T? Output) Types<T>(TypeFacts<T> facts, IReadOnlyList<RuleStep<T>> steps, List<Problem> problems)
        where T : class
    {
        var (junior, expert) = (steps[0], steps[1]);
        if (!ShapeRules.Known(junior) || !ShapeRules.Known(expert))
        {
            return (junior.Input, junior.Output is { } known ? facts.Taught(known) : null);
        }

        var takes = facts.Accepts(expert.Input!, junior.Input!);
        var produces = facts.Accepts(junior.Output!, expert.Output!);
        if (!takes || !produces)
        {
            var wrong = (takes, produces) switch
            {
                (false, false) => (RuleText)$"takes {facts.Name(expert.Input!)} and produces {facts.Name(expert.Output!)}",
                (false, _) => (RuleText)$"takes {facts.Name(expert.Input!)}",
                _ => (RuleText)$"produces {facts.Name(expert.Output!)}",
            };
            problems.Add(new Problem(ProblemKind.TypeMismatch,
                $"Step 2 '{expert.Id}' (the expert) {wrong}, but it must take the junior's input, {facts.Name(junior.Input!)}, and produce its output, {facts.Name(junior.Output!)}: both answer the same question",
                ProblemTarget.StepTarget, expert.Index));
            return (null, null);
        }

        return (junior.Input, facts.Taught(junior.Output!));
    }
}
