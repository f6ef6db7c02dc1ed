using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Orchestration.Dashboard.Api;
using Orchestration.Dashboard.Diagram;
using Orchestration.Dashboard.Rendering;
using Orchestration.Records;

namespace Orchestration.Dashboard.Pages;

/// <summary>
/// One run: summary, what it waits for (and the answer form when allowed), the workflow diagram coloured by step status,
/// the steps, errors, every step's log, and the events. Each part is a section with a fixed id, which the page's script
/// replaces with the server's fresh rendering when the run's events say something changed.
/// </summary>
internal static class RunPage
{
    /// <summary>The sections the script refreshes, in page order.</summary>
    public static readonly string[] LiveSections = ["summary", "wait", "diagram", "steps", "errors", "logs"];

    public static string Render(string basePath, DashboardOptions options, RunRecord record, IReadOnlyList<StepRecord> steps, IReadOnlyList<RunEvent> events, DateTimeOffset now)
    {
        var html = new HtmlWriter();
        var runPath = basePath + "runs/" + Uri.EscapeDataString(record.RunId);
        var eventsPath = basePath + "api/runs/" + Uri.EscapeDataString(record.RunId) + "/events";
        var after = events.Count == 0 ? 0 : events[^1].Sequence;
        var body = new HtmlWriter().Append($"data-page=\"run\" data-run-id=\"{record.RunId}\" data-live=\"{(record.IsFinished ? "false" : "true")}\" data-after=\"{after}\" data-events=\"{eventsPath}\"");
        PageLayout.Begin(html, basePath, "Run " + record.RunId, new Markup(body.ToString()));
        html.Append($"<h1>Run <code>{record.RunId}</code> <span class=\"live-indicator\" id=\"live-indicator\" hidden>live</span></h1>");

        var progress = RunProgress.Of(record, events);
        WriteSummary(html, record, now);
        WriteWait(html, options, record, runPath);
        WriteDiagram(html, record, progress);
        WriteSteps(html, record, progress);
        WriteErrors(html, record);
        WriteLogs(html, steps);
        WriteEvents(html, events);
        PageLayout.End(html);
        return html.ToString();
    }

    /// <summary>How an event reads in the page's event list (the script shows live events with the same text).</summary>
    public static string EventText(RunEvent item) => DisplayFormat.ClockTime(item.At) + "  " + item;

    private static void WriteSummary(HtmlWriter html, RunRecord record, DateTimeOffset now)
    {
        html.Append($"<section id=\"summary\" class=\"summary\"><dl>");
        html.Append($"<dt>Status</dt><dd id=\"run-status\">");
        PageLayout.Status(html, record.Status);
        html.Append($"</dd><dt>Workflow</dt><dd><code>{record.WorkflowId}</code> <span class=\"muted\">({record.Strategy})</span></dd>");
        html.Append($"<dt>Started</dt><dd>{DisplayFormat.Time(record.StartedAt)}</dd>");
        if (record.FinishedAt is { } finished)
        {
            html.Append($"<dt>Finished</dt><dd>{DisplayFormat.Time(finished)}</dd>");
        }

        html.Append($"<dt>Duration</dt><dd>{DisplayFormat.RunDuration(record, now)}</dd>");
        html.Append($"<dt>Steps</dt><dd>{record.Steps.Count} recorded, {record.Steps.Count(s => s.Status == "completed")} completed</dd>");
        html.Append($"<dt>Tokens</dt><dd>{DisplayFormat.Tokens(record.Usage)}</dd><dt>Cost</dt><dd>{DisplayFormat.Cost(record.Cost)}</dd>");
        html.Append($"</dl>");
        if (record.Input is { } input)
        {
            html.Append($"<details class=\"input\" id=\"input-details\"><summary>Input</summary><pre>{DisplayFormat.Json(input)}</pre></details>");
        }

        html.Append($"</section>");
    }

    private static void WriteWait(HtmlWriter html, DashboardOptions options, RunRecord record, string runPath)
    {
        if (record.Wait is not { } wait)
        {
            html.Append($"<section id=\"wait\" class=\"wait\" hidden></section>");
            return;
        }

        html.Append($"<section id=\"wait\" class=\"wait\"><h2>Waiting</h2>");
        if (wait.Kind == RunWait.Timer)
        {
            html.Append($"<p>Step {wait.Index} of <code>{wait.Path}</code> is a delay: the run continues by itself at {(wait.DueAt is { } due ? DisplayFormat.Time(due) : "?")} (the application's recovery service continues it).</p></section>");
            return;
        }

        html.Append($"<p>Step {wait.Index} of <code>{wait.Path}</code> waits for a response to <code>{wait.StepId}</code>");
        if (wait.Description is { } description)
        {
            html.Append($": <q>{description}</q>");
        }

        html.Append($"</p><dl><dt>Waiting since</dt><dd>{DisplayFormat.Time(wait.Since)}</dd><dt>Deadline</dt><dd>{(wait.DueAt is { } deadline ? DisplayFormat.Time(deadline) : "none")}</dd>");
        if (wait.ResponseType is { } responseType)
        {
            html.Append($"<dt>Answer with</dt><dd><code>{responseType}</code> (as JSON)</dd>");
        }

        html.Append($"</dl>");
        if (wait.Request is { } request)
        {
            html.Append($"<h3>Request</h3><pre class=\"request\">{DisplayFormat.Json(request)}</pre>");
        }

        if (Answering.WhyNot(options, record, out _) is { } reason)
        {
            html.Append($"<p class=\"respond-disabled\" id=\"respond-disabled\">{reason}</p>");
        }
        else
        {
            html.Append($"<form id=\"respond-form\" class=\"respond\" data-action=\"{runPath.Replace("/runs/", "/api/runs/", StringComparison.Ordinal)}/respond\">");
            html.Append($"<label for=\"respond-json\">Response (JSON{(wait.ResponseType is null ? string.Empty : " of " + wait.ResponseType)})</label>");
            html.Append($"<textarea id=\"respond-json\" name=\"response\" rows=\"5\" spellcheck=\"false\" required></textarea>");
            html.Append($"<button type=\"submit\" id=\"respond-submit\">Send response</button> <output id=\"respond-result\" aria-live=\"polite\"></output></form>");
        }

        html.Append($"</section>");
    }

    private static void WriteDiagram(HtmlWriter html, RunRecord record, RunProgress progress)
    {
        html.Append($"<section id=\"diagram\" class=\"diagram-section\"><h2>Workflow</h2>");
        if (FlowchartParser.TryParse(record.Diagram, out var problem) is { } chart)
        {
            FlowchartSvg.Write(html, chart, $"Diagram of workflow {record.WorkflowId}", progress.TopLevel);
        }
        else
        {
            html.Append($"<p class=\"muted\">The diagram cannot be drawn ({problem}).</p>");
            if (record.Diagram is { } text)
            {
                html.Append($"<pre>{text}</pre>");
            }
        }

        html.Append($"</section>");
    }

    private static void WriteSteps(HtmlWriter html, RunRecord record, RunProgress progress)
    {
        html.Append($"<section id=\"steps\"><h2>Steps</h2>");
        if (record.Steps.Count == 0 && progress.Running.Count == 0)
        {
            html.Append($"<p class=\"muted\">No step has finished yet.</p></section>");
            return;
        }

        html.Append($"<table class=\"steps\"><thead><tr><th>Workflow</th><th>#</th><th>Step</th><th>Status</th><th>Duration</th><th>Attempts</th><th>Tokens</th><th>Cost</th><th>Error</th></tr></thead><tbody>");
        foreach (var step in record.Steps)
        {
            html.Append($"<tr data-step=\"{step.StepId}\" data-status=\"{step.Status}\"><td>{step.Path}</td><td>{step.Index}</td><td><code>{step.StepId}</code>{(step.Kind == "agent" ? string.Empty : " (" + step.Kind + ")")}</td><td>");
            PageLayout.Status(html, step.Status);
            html.Append($"</td><td>{DisplayFormat.Duration(step.DurationMs)}</td><td>{step.Attempts}</td><td>{DisplayFormat.Tokens(step.Usage)}</td><td>{DisplayFormat.Cost(step.Cost)}</td><td class=\"error\">{step.Error}</td></tr>");
        }

        foreach (var started in progress.Running)
        {
            html.Append($"<tr data-step=\"{started.StepId}\" data-status=\"running\"><td>{started.Path}</td><td>{started.Index}</td><td><code>{started.StepId}</code></td><td>");
            PageLayout.Status(html, "running");
            html.Append($"</td><td>since {DisplayFormat.ClockTime(started.At)}</td><td></td><td></td><td></td><td></td></tr>");
        }

        html.Append($"</tbody></table></section>");
    }

    private static void WriteErrors(HtmlWriter html, RunRecord record)
    {
        if (record.Errors.Count == 0)
        {
            html.Append($"<section id=\"errors\" hidden></section>");
            return;
        }

        html.Append($"<section id=\"errors\" class=\"errors\"><h2>Errors</h2><ul>");
        foreach (var error in record.Errors)
        {
            html.Append($"<li><pre>{error}</pre></li>");
        }

        html.Append($"</ul></section>");
    }

    private static void WriteLogs(HtmlWriter html, IReadOnlyList<StepRecord> steps)
    {
        html.Append($"<section id=\"logs\"><h2>Step logs</h2>");
        if (steps.Count == 0)
        {
            html.Append($"<p class=\"muted\">No step has finished yet.</p></section>");
            return;
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            html.Append($"<details class=\"step-log\" id=\"log-{i + 1}\" data-step=\"{step.StepId}\"><summary>{step.Path} #{step.Index} <code>{step.StepId}</code> ");
            PageLayout.Status(html, step.Status);
            html.Append($" <span class=\"muted\">{step.Log.Count} log {(step.Log.Count == 1 ? "entry" : "entries")}</span></summary><div class=\"step-log-body\">");
            if (step.Request is { } request)
            {
                html.Append($"<h4>Request</h4><pre class=\"request\">{DisplayFormat.Json(request)}</pre>");
            }

            if (step.Output is { } output)
            {
                html.Append($"<h4>{(step.Kind == "wait" ? "Response" : "Output")}</h4><pre class=\"output\">{DisplayFormat.Json(output)}</pre>");
            }

            if (step.Error is { } error)
            {
                html.Append($"<h4>Error</h4><pre class=\"error\">{error}</pre>");
            }

            foreach (var entry in step.Log)
            {
                html.Append($"<h4 class=\"log-head\">attempt {entry.Attempt.ToString(CultureInfo.InvariantCulture)} · {entry.Kind}</h4><pre class=\"log-text log-{RunProgress.Css(entry.Kind)}\">{entry.Text}</pre>");
            }

            html.Append($"</div></details>");
        }

        html.Append($"</section>");
    }

    private static void WriteEvents(HtmlWriter html, IReadOnlyList<RunEvent> events)
    {
        html.Append($"<section id=\"events\"><h2>Events</h2><ol id=\"event-list\" class=\"events\">");
        foreach (var item in events)
        {
            html.Append($"<li data-sequence=\"{item.Sequence}\">{EventText(item)}</li>");
        }

        html.Append($"</ol></section>");
    }
}
