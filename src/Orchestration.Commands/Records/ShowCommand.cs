using System.CommandLine;
using System.Globalization;
using Orchestration.Commands.CommandLine;
using Orchestration.Commands.Terminal;
using Orchestration.Records;
using Spectre.Console;

namespace Orchestration.Commands.Records;

/// <summary><c>show &lt;run-id&gt; [--json]</c>: one run in detail.</summary>
internal static class ShowCommand
{
    public static Command Create(CommandContext context)
    {
        var runId = context.RunIdArgument();
        var json = new Option<bool>("--json") { Description = "Print the run's record as JSON (as stored, readably escaped) instead of a summary and a table." };
        var command = new Command("show", "Show one run: status, what it waits for, timings, totals, every step and the errors.") { runId, json };
        command.SetAction(result => CommandErrors.Guard(context, () =>
        {
            using var opened = context.OpenStore(result, mustExist: true);
            var record = opened.Store.Load(result.GetValue(runId)!);
            if (result.GetValue(json))
            {
                context.WriteOut(RelaxedJson.Rewrite(record.ToJson()) + "\n");
                return OrchestrationExitCodes.Success;
            }

            Print(context.Out, record);
            return OrchestrationExitCodes.Success;
        }));
        return command;
    }

    private static void Print(IAnsiConsole console, RunRecord record)
    {
        console.MarkupLineInterpolated($"[bold]Run {record.RunId}[/]: workflow [bold]{record.WorkflowId}[/] ({record.Strategy})");
        console.MarkupLine("Status: " + RunText.Status(record.Status));
        if (record.Wait is { } wait)
        {
            console.MarkupLineInterpolated($"Waiting: {RunText.Waiting(wait)}");
            if (wait.Request is { } request)
            {
                console.MarkupLineInterpolated($"Request: {request}");
            }
        }

        console.MarkupLineInterpolated($"Started: {RunText.Time(record.StartedAt)}");
        if (record.FinishedAt is { } end)
        {
            console.MarkupLineInterpolated($"Finished: {RunText.Time(end)} ({RunText.Duration((end - record.StartedAt).TotalMilliseconds)})");
        }

        // Agent steps only: a nested workflow's step repeats the tokens of the steps inside it.
        var cost = record.Cost is { } known ? known.ToString("0.######", CultureInfo.InvariantCulture) : "unknown";
        console.MarkupLineInterpolated($"Steps: {record.Steps.Count}, tokens: {record.Usage.TotalTokens}, cost: {cost}");

        var table = new Table().AddColumns("Workflow", "#", "Step", "Status", "Duration", "Attempts", "Tokens", "Error");
        foreach (var step in record.Steps)
        {
            table.AddRow(
                Markup.Escape(step.Path),
                step.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(step.StepId),
                RunText.Status(step.Status),
                RunText.Duration(step.DurationMs),
                step.Attempts.ToString(CultureInfo.InvariantCulture),
                step.Usage.TotalTokens.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(step.Error ?? string.Empty));
        }

        console.Write(table);
        foreach (var error in record.Errors)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {error}");
        }
    }
}
