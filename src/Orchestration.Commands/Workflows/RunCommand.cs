using System.CommandLine;
using Orchestration.Commands.CommandLine;

namespace Orchestration.Commands.Workflows;

/// <summary><c>run &lt;workflow&gt; --input file|- [--run-id id]</c>: runs a workflow, recording it in the store.</summary>
internal static class RunCommand
{
    public static Command Create(CommandContext context)
    {
        var id = new Argument<string>("workflow") { Description = $"The workflow's id (see `{context.Name} workflows`)." };
        var input = JsonInput.CreateOption(required: true, "The input: a JSON file, or - for standard input, read as the workflow's input type.");
        var runId = new Option<string?>("--run-id") { Description = "The new run's id (default: a new sortable id). Letters, digits, '-', '_' and '.'." };
        var command = new Command(
            "run",
            "Run a workflow and record it in the store. Prints each finished step and, when the run completes, its output as JSON on standard output; " +
            "a run that stops to wait says what for and how to answer it.")
        {
            id, input, runId,
        };
        command.SetAction((result, token) => CommandErrors.GuardAsync(context, async () =>
        {
            var workflow = context.Registry.Workflows.Get(result.GetValue(id)!);
            var value = JsonInput.Read(context, result.GetValue(input)!, workflow);
            using var opened = context.OpenStore(result, mustExist: false);
            var options = context.RunOptions(opened.Store, result.GetValue(runId));
            var run = await context.Registry.RunAsync(workflow.Id, value, context.Services, options, token).ConfigureAwait(false);
            return RunOutcome.Report(context, run, workflow);
        }));
        return command;
    }
}
