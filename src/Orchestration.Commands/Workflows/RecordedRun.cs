using Orchestration.Commands.CommandLine;
using Orchestration.Records;

namespace Orchestration.Commands.Workflows;

/// <summary>A recorded run and the application's workflow it is a run of, for <c>resume</c> and <c>respond</c>.</summary>
internal static class RecordedRun
{
    public static (RunRecord Record, WorkflowDefinition Workflow) Open(CommandContext context, IRunStore store, string runId)
    {
        var record = store.Load(runId);
        try
        {
            return (record, context.Registry.Workflows.Get(record.WorkflowId));
        }
        catch (OrchestrationLookupException ex)
        {
            throw new CommandException($"Run '{runId}' is a run of workflow '{record.WorkflowId}', which this application does not have. {ex.Message}");
        }
    }
}
