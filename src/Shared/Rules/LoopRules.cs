using System.Collections.Generic;
using Orchestration.Declarations;

namespace Orchestration.Rules;

/// <summary>for_each: one step per item; the workflow takes the items (or what the items method takes) and produces the results as a list.</summary>
internal static class ForEachRule
{
    public static (T? Input, T? Output) Types<T>(TypeFacts<T> facts, RuleStep<T> body, T? itemsInput)
        where T : class =>
        body.Output is null || (itemsInput is null && body.Input is null)
            ? (null, null)
            : (itemsInput ?? facts.ItemsOf(body.Input!), facts.ListOf(body.Output));
}

/// <summary>repeat_until: the step takes what it produces, since each output is the next iteration's input.</summary>
internal static class RepeatUntilRule
{
    public static (T? Input, T? Output) Types<T>(TypeFacts<T> facts, RuleStep<T> body, List<Problem> problems)
        where T : class
    {
        if (body.Input is not { } taken || body.Output is not { } produced)
        {
            return (null, null);
        }

        if (!facts.Same(taken, produced))
        {
            problems.Add(new Problem(ProblemKind.TypeMismatch,
                $"Step 1 '{body.Id}' (the repeated step) takes {facts.Name(taken)} but produces {facts.Name(produced)}; each output is the next iteration's input, so it must take and produce the same type",
                ProblemTarget.StepTarget, body.Index));
            return (null, null);
        }

        return (taken, facts.Repeated(produced));
    }
}
