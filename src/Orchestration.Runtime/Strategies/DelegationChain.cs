using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>One task a planner assigns to a specialist.</summary>
/// <param name="Specialist">The specialist's template or workflow id.</param>
/// <param name="Task">What the specialist is asked to do.</param>
public sealed record Assignment(string Specialist, string Task);

/// <summary>What the planner of a <c>delegation_chain</c> workflow produces: the tasks, in the order they run.</summary>
/// <param name="Assignments">The tasks.</param>
public sealed record DelegationPlan(IReadOnlyList<Assignment> Assignments);

/// <summary>One specialist's report in a <c>delegation_chain</c>.</summary>
/// <param name="Specialist">Who reported.</param>
/// <param name="Task">The task it was given.</param>
/// <param name="Report">What it reported.</param>
public sealed record DelegatedReport<TReport>(string Specialist, string Task, TReport Report);

/// <summary>What the synthesizer of a <c>delegation_chain</c> workflow receives: the original input and every report.</summary>
/// <param name="Input">The workflow's input.</param>
/// <param name="Reports">The specialists' reports, in plan order.</param>
public sealed record DelegationReports<TReport>(object? Input, IReadOnlyList<DelegatedReport<TReport>> Reports);

/// <summary>What a specialist receives in <see cref="AgentContext.Handoff"/>: the original input and its assignment.</summary>
/// <param name="Input">The workflow's input.</param>
/// <param name="Assignment">The task being done.</param>
public sealed record DelegationHandoff(object? Input, Assignment Assignment);

/// <summary>One specialist of a <c>delegation_chain</c>.</summary>
/// <param name="Id">The template or workflow id the plan names.</param>
/// <param name="Run">Runs the specialist on a task.</param>
public sealed record Delegate<TReport>(
    string Id,
    Func<WorkflowRun, string, DelegationHandoff, CancellationToken, ValueTask<StepResult<TReport>>> Run);

/// <summary>
/// The <c>delegation_chain</c> pattern, shared by generated runners and <see cref="DelegationChainStrategy"/>: the planner
/// splits the input into assignments, the named specialists run them in order, and the synthesizer combines their
/// reports. A plan that names an unknown specialist fails the run with the available names (attune skipped it
/// silently), and a failed specialist fails the run (attune reported success). Chains nested in chains are bounded by
/// the nesting depth limit, checked at build time and at run time.
/// </summary>
public static class DelegationChain
{
    /// <summary>Runs a delegation chain.</summary>
    public static async ValueTask<WorkflowResult<TOutput>> RunAsync<TInput, TReport, TOutput>(
        WorkflowRun run,
        TInput input,
        Func<WorkflowRun, TInput, CancellationToken, ValueTask<StepResult<DelegationPlan>>> planner,
        IReadOnlyList<Delegate<TReport>> specialists,
        Func<WorkflowRun, DelegationReports<TReport>, CancellationToken, ValueTask<StepResult<TOutput>>> synthesizer,
        CancellationToken cancellationToken)
    {
        if (run is null || planner is null || specialists is null || synthesizer is null)
        {
            throw new ArgumentNullException(run is null ? nameof(run) : planner is null ? nameof(planner) : specialists is null ? nameof(specialists) : nameof(synthesizer));
        }

        var planned = await planner(run, input, cancellationToken).ConfigureAwait(false);
        if (!planned.Succeeded)
        {
            return run.Fail<TOutput>(planned);
        }

        var plan = planned.Output?.Assignments ?? Array.Empty<Assignment>();
        var unknown = plan.Where(a => specialists.All(s => s.Id != a.Specialist)).Select(a => a.Specialist).Distinct().ToArray();
        if (unknown.Length > 0)
        {
            var names = string.Join(", ", specialists.Select(s => s.Id));
            var error = $"the plan assigns {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which {(unknown.Length == 1 ? "is not a specialist" : "are not specialists")} of this workflow ({names})";
            return run.Fail<TOutput>(run.Record(new StepResult<DelegationPlan>(
                planned.Index, planned.StepId, planned.Kind, StepStatus.Failed, planned.Output, planned.Confidence, planned.Duration, planned.Attempts, error)));
        }

        var reports = new List<DelegatedReport<TReport>>(plan.Count);
        foreach (var assignment in plan)
        {
            var specialist = specialists.First(s => s.Id == assignment.Specialist);
            var report = await specialist.Run(run, assignment.Task, new DelegationHandoff(input, assignment), cancellationToken).ConfigureAwait(false);
            if (!report.Succeeded)
            {
                return run.Fail<TOutput>(report);
            }

            reports.Add(new DelegatedReport<TReport>(assignment.Specialist, assignment.Task, report.Output!));
        }

        var synthesis = await synthesizer(run, new DelegationReports<TReport>(input, reports), cancellationToken).ConfigureAwait(false);
        return synthesis.Succeeded ? run.Complete(synthesis.Output!) : run.Fail<TOutput>(synthesis);
    }
}
