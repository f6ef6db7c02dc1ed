using System.CommandLine;
using Orchestration.Commands.CommandLine;
using Orchestration.Commands.Terminal;
using Spectre.Console;

namespace Orchestration.Commands.Workflows;

/// <summary><c>resume &lt;run-id&gt;</c>: continues a stopped, failed or interrupted run (or a waiting one that is due) from its records.</summary>
internal static class ResumeCommand
{
    public static Command Create(CommandContext context)
    {
        var runId = context.RunIdArgument();
        var command = new Command(
            "resume",
            "Continue a failed, cancelled or interrupted run from its records: completed steps are restored, not run again. A run waiting for a time continues once it is due.")
        {
            runId,
        };
        command.SetAction((result, token) => CommandErrors.GuardAsync(context, async () =>
        {
            using var opened = context.OpenStore(result, mustExist: true);
            var (record, workflow) = RecordedRun.Open(context, opened.Store, result.GetValue(runId)!);
            var options = context.RunOptions(opened.Store, runId: null, out var progress);
            progress.Announce(Markup.Escape($"Resuming run {record.RunId} of {workflow.Id} ({record.Status}, {RunText.Steps(record.Steps.Count)} recorded)."));

            // Refusals (completed, changed, held, waiting and not due) are thrown by the call itself, before anything runs.
            var continued = WorkflowRun.ResumeAsync(workflow, record.RunId, context.Services, options, token);
            progress.Flush();
            var run = await continued.ConfigureAwait(false);
            return RunOutcome.Report(context, run, workflow);
        }));
        return command;
    }
}
