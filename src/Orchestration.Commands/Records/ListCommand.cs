using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using Orchestration.Commands.CommandLine;
using Orchestration.Commands.Terminal;
using Orchestration.Records;
using Spectre.Console;

namespace Orchestration.Commands.Records;

/// <summary><c>list [--json]</c>: the runs in the store, newest first.</summary>
internal static class ListCommand
{
    public static Command Create(CommandContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print the runs as a JSON array instead of a table." };
        var command = new Command("list", "List the runs in the store, newest first, with their status.") { json };
        command.SetAction(result => CommandErrors.Guard(context, () =>
        {
            using var opened = context.OpenStore(result, mustExist: true);
            var runs = opened.Store.List();
            if (result.GetValue(json))
            {
                context.WriteOut(Json(runs) + "\n");
                return OrchestrationExitCodes.Success;
            }

            if (runs.Count == 0)
            {
                var where = opened.Store is FileRunStore ? Path.Combine(opened.Location, "runs") : opened.Location;
                context.Out.MarkupLineInterpolated($"No runs in [bold]{where}[/]. Runs are recorded where WorkflowRunOptions.Store says, such as new FileRunStore(\"{opened.Location}\").");
                return OrchestrationExitCodes.Success;
            }

            context.Out.Write(Table(runs));
            return OrchestrationExitCodes.Success;
        }));
        return command;
    }

    private static Table Table(IReadOnlyList<StoredRun> runs)
    {
        var table = new Table().AddColumns("Run", "Workflow", "Status", "Started (UTC)", "Steps", "Duration");
        foreach (var run in runs)
        {
            if (run.Record is not { } record)
            {
                table.AddRow(Markup.Escape(run.RunId), "?", "[red]unreadable[/]", Markup.Escape(run.Problem ?? string.Empty), string.Empty, string.Empty);
                continue;
            }

            table.AddRow(
                Markup.Escape(record.RunId),
                Markup.Escape(record.WorkflowId),
                RunText.Status(record.Status),
                record.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                record.Steps.Count.ToString(CultureInfo.InvariantCulture),
                record.FinishedAt is { } end ? RunText.Duration((end - record.StartedAt).TotalMilliseconds) : string.Empty);
        }

        return table;
    }

    /// <summary>One object per run; an unreadable one has status <c>unreadable</c> and the problem.</summary>
    private static string Json(IReadOnlyList<StoredRun> runs) => RelaxedJson.Write(json =>
    {
        json.WriteStartArray();
        foreach (var run in runs)
        {
            json.WriteStartObject();
            json.WriteString("runId", run.RunId);
            if (run.Record is not { } record)
            {
                json.WriteString("status", "unreadable");
                json.WriteString("problem", run.Problem);
                json.WriteEndObject();
                continue;
            }

            json.WriteString("workflowId", record.WorkflowId);
            json.WriteString("strategy", record.Strategy);
            json.WriteString("status", record.Status);
            json.WriteString("startedAt", record.StartedAt);
            if (record.FinishedAt is { } end)
            {
                json.WriteString("finishedAt", end);
                json.WriteNumber("durationMs", System.Math.Round((end - record.StartedAt).TotalMilliseconds, 3));
            }

            json.WriteNumber("steps", record.Steps.Count);
            json.WriteNumber("inputTokens", record.Usage.InputTokens);
            json.WriteNumber("outputTokens", record.Usage.OutputTokens);
            if (record.Cost is { } cost)
            {
                json.WriteNumber("cost", cost);
            }

            if (record.Wait is { } wait)
            {
                json.WritePropertyName("wait");
                wait.WriteTo(json);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    });
}
