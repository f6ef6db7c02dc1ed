using System.CommandLine;
using System.IO;
using Orchestration.Commands.CommandLine;
using Orchestration.Records;
using Spectre.Console;

namespace Orchestration.Commands.Records;

/// <summary><c>report &lt;run-id&gt; [--format markdown|json] [--output file]</c>: a run's report.</summary>
internal static class ReportCommand
{
    public static Command Create(CommandContext context)
    {
        var runId = context.RunIdArgument();
        var format = new Option<string>("--format") { Description = "markdown (with the workflow's diagram) or json (the run's record).", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "json");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var command = new Command("report", "Print a run's report: Markdown with the workflow diagram, or JSON.") { runId, format, output };
        command.SetAction(result => CommandErrors.Guard(context, () =>
        {
            using var opened = context.OpenStore(result, mustExist: true);
            var record = opened.Store.Load(result.GetValue(runId)!);
            var text = result.GetValue(format) == "json" ? RelaxedJson.Rewrite(RunReport.ToJson(record)) + "\n" : RunReport.ToMarkdown(record);
            if (result.GetValue(output) is not { } file)
            {
                context.WriteOut(text);
                return OrchestrationExitCodes.Success;
            }

            file.Directory?.Create();
            File.WriteAllText(file.FullName, text);
            context.Out.MarkupLineInterpolated($"Report written to [bold]{file.FullName}[/]");
            return OrchestrationExitCodes.Success;
        }));
        return command;
    }
}
