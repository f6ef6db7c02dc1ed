using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Orchestration.Records;

/// <summary>Readable reports of a recorded run, in Markdown and JSON.</summary>
public static class RunReport
{
    /// <summary>A Markdown report: status, timings, totals, every step, errors, and the workflow's diagram when given.</summary>
    /// <param name="record">The run's record.</param>
    /// <param name="diagram">The workflow's Mermaid diagram; the one recorded when the run started (<see cref="RunRecord.Diagram"/>) when <see langword="null"/>.</param>
    public static string ToMarkdown(RunRecord record, string? diagram = null)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        diagram ??= record.Diagram;
        var text = new StringBuilder();
        string Line(FormattableString line) => line.ToString(CultureInfo.InvariantCulture);
        text.Append(Line($"# Run {record.RunId}: {record.WorkflowId}\n\n"));
        text.Append("| | |\n|---|---|\n");
        text.Append(Line($"| Workflow | `{record.WorkflowId}` ({record.Strategy}) |\n"));
        text.Append(Line($"| Status | **{record.Status}** |\n"));
        if (record.Wait is { } wait)
        {
            text.Append(wait.Kind == RunWait.Timer
                ? Line($"| Waiting | step {wait.Index} of {wait.Path} (a delay), until {wait.DueAt:u} |\n")
                : Line($"| Waiting | step {wait.Index} of {wait.Path}, for a response to `{wait.StepId}`{(wait.Description is { } about ? " (" + Cell(about) + ")" : string.Empty)}; {(wait.DueAt is { } deadline ? Line($"deadline {deadline:u}") : "no deadline")} |\n"));
            if (wait.Request is { } request)
            {
                text.Append("| Request | `").Append(Cell(request)).Append("` |\n");
            }
        }

        text.Append(Line($"| Started | {record.StartedAt:u} |\n"));
        if (record.FinishedAt is { } finished)
        {
            text.Append(Line($"| Finished | {finished:u} ({(finished - record.StartedAt).TotalMilliseconds:0.###} ms) |\n"));
        }

        text.Append(Line($"| Steps | {record.Steps.Count} ({record.Steps.Count(s => s.Status == "completed")} completed) |\n"));
        text.Append(Line($"| Tokens | {record.Usage.InputTokens} in, {record.Usage.OutputTokens} out |\n"));
        text.Append(record.Cost is { } cost ? Line($"| Cost | {cost:0.######} |\n") : "| Cost | unknown (no price for the models used) |\n");

        text.Append("\n## Steps\n\n| workflow | # | step | status | duration | attempts | tokens (in/out) | cost | error |\n|---|---|---|---|---|---|---|---|---|\n");
        foreach (var step in record.Steps)
        {
            text.Append(Line($"| {step.Path} | {step.Index} | `{step.StepId}`{(step.Kind is "workflow" or "wait" or "timer" ? $" ({step.Kind})" : string.Empty)} | {step.Status} | {step.DurationMs:0.###} ms | {step.Attempts} | {step.Usage.InputTokens}/{step.Usage.OutputTokens} | {(step.Cost is { } c ? c.ToString("0.######", CultureInfo.InvariantCulture) : "")} | {Cell(step.Error)} |\n"));
        }

        if (record.Errors.Count > 0)
        {
            text.Append("\n## Errors\n\n");
            foreach (var error in record.Errors)
            {
                text.Append("- ").Append(error).Append('\n');
            }
        }

        if (diagram is not null)
        {
            text.Append("\n## Workflow\n\n```mermaid\n").Append(diagram.TrimEnd('\n')).Append("\n```\n");
        }

        return text.ToString();
    }

    /// <summary>A JSON report: the run's record as stored.</summary>
    public static string ToJson(RunRecord record) => (record ?? throw new ArgumentNullException(nameof(record))).ToJson();

    private static string Cell(string? text) => text is null ? string.Empty : text.Replace("|", "\\|").Replace("\n", " ");
}
