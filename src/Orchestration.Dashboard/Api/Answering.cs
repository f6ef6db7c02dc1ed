using Orchestration.Records;

namespace Orchestration.Dashboard.Api;

/// <summary>
/// Whether this dashboard can answer a run, and if not, why: stated once for the run page (which shows the reason instead
/// of the form) and for the respond endpoint (which refuses with it).
/// </summary>
internal static class Answering
{
    /// <summary>Why the dashboard cannot answer any run, or <see langword="null"/> when it may (the 403 cases).</summary>
    public static string? WhyReadOnly(DashboardOptions options)
    {
        if (!options.AllowResponses)
        {
            return "This dashboard is read-only: it was started without allowing responses, so it shows what a run waits for but cannot answer it. " +
                "Answer from the application (the workflow's RespondAsync), or host the dashboard in the application with DashboardOptions.AllowResponses and its registry.";
        }

        if (options.Registry is null)
        {
            return "This dashboard has the run records but not the application's workflows (it was started over records only, as `orchestrate dashboard` is), so it cannot answer: " +
                "an answered run continues, which needs its workflow. Answer from the application, or host the dashboard there with DashboardOptions.Registry and AllowResponses.";
        }

        return null;
    }

    /// <summary>Why <paramref name="record"/> cannot be answered here (beyond <see cref="WhyReadOnly"/>), or <see langword="null"/> with its workflow.</summary>
    public static string? WhyNot(DashboardOptions options, RunRecord record, out WorkflowDefinition? workflow)
    {
        workflow = null;
        if (record.Status != "waiting" || record.Wait is not { } wait)
        {
            return $"Run '{record.RunId}' is not waiting (its status is '{record.Status}'); only a run waiting for a response can be answered.";
        }

        if (wait.Kind != RunWait.Input)
        {
            return $"Run '{record.RunId}' waits for a time ({wait}), not for a response; it continues by itself when that time comes.";
        }

        if (WhyReadOnly(options) is { } readOnly)
        {
            return readOnly;
        }

        if (!options.Registry!.Workflows.TryGet(record.WorkflowId, out var found))
        {
            return $"Run '{record.RunId}' is a run of workflow '{record.WorkflowId}', which the registry given to this dashboard does not have, so it cannot be continued here.";
        }

        workflow = found;
        return null;
    }
}
