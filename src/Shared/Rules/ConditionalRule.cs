using System.Collections.Generic;
using Orchestration.Declarations;

namespace Orchestration.Rules;

/// <summary>conditional, multi_conditional: every branch takes the workflow's input and produces what the first branch produces.</summary>
internal static class ConditionalRule
{
    public static (T? Input, T? Output) Types<T>(TypeFacts<T> facts, IReadOnlyList<RuleStep<T>> steps, List<Problem> problems)
        where T : class
    {
        var ok = SameQuestionRule.Check(facts, steps, 0, $"branch", $"branches", steps[0].Input, $"the input of step 1 '{steps[0].Id}'", problems);
        return ok && steps[0].Output is { } answer ? (steps[0].Input, facts.Branched(answer)) : (null, null);
    }

    /// <summary>
    /// Where conditions must be: on every branch but a final default. (Build time also says where they must not be; at
    /// run time a <c>repeat_until</c> step's condition is the one that ends the loop.)
    /// </summary>
    public static Problem? Missing<T>(string workflowId, IReadOnlyList<RuleStep<T>> steps, int at)
        where T : class
    {
        var step = steps[at];
        if (step.HasCondition || (at > 0 && at == steps.Count - 1))
        {
            return null;
        }

        return new Problem(ProblemKind.BranchCondition, at == 0
            ? (RuleText)$"Step 1 of workflow '{workflowId}' needs a condition: [Step(\"{step.Id}\", When = nameof(Condition))]; only the last branch of a conditional workflow can be the default"
            : (RuleText)$"Step {at + 1} of workflow '{workflowId}' has no condition, so it would always run and the steps after it never; give it one (When = nameof(Condition)) or move it last as the default",
            ProblemTarget.Step, at + 1);
    }
}
