using System.Collections.Generic;
using Orchestration.Declarations;

namespace Orchestration.Rules;

/// <summary>
/// Steps that answer the workflow's question in its place (adaptive's specialists, conditional's branches): each takes
/// the workflow's input and produces what the first of them produces.
/// </summary>
internal static class SameQuestionRule
{
    /// <summary>
    /// Checks <paramref name="steps"/> from <paramref name="first"/> on against <paramref name="input"/> (said as
    /// <paramref name="inputSource"/>) and the output of step <paramref name="first"/>; <paramref name="role"/> names one
    /// step in messages ("specialist"), <paramref name="roles"/> several ("specialists"). Returns whether every checked step fits.
    /// </summary>
    public static bool Check<T>(
        TypeFacts<T> facts, IReadOnlyList<RuleStep<T>> steps, int first, RuleText role, RuleText roles, T? input, RuleText inputSource, List<Problem> problems)
        where T : class
    {
        var (answerStep, answer) = (steps[first], steps[first].Output);
        var ok = true;
        for (var i = first; i < steps.Count; i++)
        {
            var step = steps[i];
            if (input is not null && step.Input is { } taken && !facts.Accepts(taken, input))
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.TypeMismatch,
                    $"Step {step.Index} '{step.Id}' (a {role}) takes {facts.Name(taken)} but {roles} receive the workflow's input, {facts.Name(input)} ({inputSource})",
                    ProblemTarget.StepTarget, step.Index));
            }
            else if (answer is not null && step.Output is { } produced && !facts.Accepts(answer, produced))
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.TypeMismatch,
                    $"Step {step.Index} '{step.Id}' (a {role}) produces {facts.Name(produced)} but every {role} must produce what step {answerStep.Index} '{answerStep.Id}' produces, {facts.Name(answer)}",
                    ProblemTarget.StepTarget, step.Index));
            }
        }

        return ok;
    }
}
