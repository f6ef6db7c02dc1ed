using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>
/// The outcome of a <c>conditional</c> or <c>multi_conditional</c> workflow. When no condition held and there is no
/// default branch, <see cref="Taken"/> is <see langword="false"/>: an explicit "no branch taken", not a failure.
/// </summary>
/// <param name="Output">The branch's output; <see langword="default"/> when no branch was taken.</param>
/// <param name="Branch">The id of the branch that ran, or <see langword="null"/>.</param>
/// <param name="BranchIndex">The 1-based position of the branch that ran, or 0.</param>
public sealed record Branched<T>(T? Output, string? Branch, int BranchIndex)
{
    /// <summary>Whether a branch ran.</summary>
    public bool Taken => BranchIndex > 0;
}

/// <summary>One branch of a conditional workflow: when it applies (null for the default) and how to run it.</summary>
/// <param name="Id">The template or workflow id.</param>
/// <param name="ConditionName">The condition's name, for messages; null for the default branch.</param>
/// <param name="When">The condition; null for the default branch.</param>
/// <param name="Run">Runs the branch on the workflow's input.</param>
public sealed record Branch<TInput, TOutput>(
    string Id,
    string? ConditionName,
    Func<TInput, bool>? When,
    Func<WorkflowRun, TInput, CancellationToken, ValueTask<StepResult<TOutput>>> Run);

/// <summary>
/// The <c>conditional</c> and <c>multi_conditional</c> patterns, shared by generated runners and
/// <see cref="ConditionalStrategy"/>: conditions are tried in declaration order, the first that holds (or the default
/// branch) runs, and no match without a default is the explicit outcome <see cref="Branched{T}.Taken"/> = false.
/// </summary>
public static class Conditional
{
    /// <summary>Runs a conditional workflow.</summary>
    public static async ValueTask<WorkflowResult<Branched<TOutput>>> RunAsync<TInput, TOutput>(
        WorkflowRun run,
        TInput input,
        IReadOnlyList<Branch<TInput, TOutput>> branches,
        CancellationToken cancellationToken)
    {
        if (run is null || branches is null)
        {
            throw new ArgumentNullException(run is null ? nameof(run) : nameof(branches));
        }

        for (var i = 0; i < branches.Count; i++)
        {
            var branch = branches[i];
            if (branch.When is not null)
            {
                bool holds;
                try
                {
                    holds = branch.When(input);
                }
                catch (Exception ex)
                {
                    var failed = new StepResult<TOutput>(i + 1, branch.Id, StepKind.Agent, StepStatus.Failed, default, null, TimeSpan.Zero, 0,
                        $"the condition {branch.ConditionName ?? "of this branch"} threw {ex.GetType().Name}: {ex.Message}", ex);
                    return run.Fail<Branched<TOutput>>(run.Record(failed));
                }

                if (!holds)
                {
                    continue;
                }
            }

            var result = await branch.Run(run, input, cancellationToken).ConfigureAwait(false);
            return result.Succeeded
                ? run.Complete(new Branched<TOutput>(result.Output, branch.Id, i + 1))
                : run.Fail<Branched<TOutput>>(result);
        }

        return run.Complete(new Branched<TOutput>(default, null, 0));
    }
}
