using System.CommandLine;
using Orchestration.Commands.CommandLine;
using Spectre.Console;

namespace Orchestration.Commands.Workflows;

/// <summary><c>respond &lt;run-id&gt; --input file|- [--request id]</c>: answers a waiting run and continues it.</summary>
internal static class RespondCommand
{
    public static Command Create(CommandContext context)
    {
        var runId = context.RunIdArgument();
        var input = JsonInput.CreateOption(required: true, "The response: a JSON file, or - for standard input, read as the type the run waits for.");
        var request = new Option<string?>("--request") { Description = "The input request the response answers; refused when the run waits for another." };
        var command = new Command(
            "respond",
            "Answer a run that waits for a response to an input request, and continue it here. A response that does not fit is refused and changes nothing.")
        {
            runId, input, request,
        };
        command.SetAction((result, token) => CommandErrors.GuardAsync(context, async () =>
        {
            using var opened = context.OpenStore(result, mustExist: true);
            var (record, workflow) = RecordedRun.Open(context, opened.Store, result.GetValue(runId)!);
            var json = JsonInput.ReadText(context, result.GetValue(input)!);

            var options = context.RunOptions(opened.Store, runId: null, out var progress);
            progress.Announce(Markup.Escape($"Response to '{record.Wait?.StepId}' recorded; run {record.RunId} of {workflow.Id} continues."));

            // Refusals are thrown by the call itself, before anything is written or run; what it returns is the continued run.
            var continued = WorkflowRun.RespondWithJsonAsync(workflow, record.RunId, json, context.Services, options, result.GetValue(request), token);
            progress.Flush();
            var run = await continued.ConfigureAwait(false);
            return RunOutcome.Report(context, run, workflow);
        }));
        return command;
    }
}
