using System;
using System.Collections.Generic;
using System.Linq;
using Orchestration.Dashboard.Rendering;
using Orchestration.Records;

namespace Orchestration.Dashboard.Pages;

/// <summary>The run list: every stored run, newest first, with status, workflow, start, duration, tokens and cost; filtered by status and workflow.</summary>
internal static class RunListPage
{
    public static string Render(string basePath, string? storeName, IReadOnlyList<StoredRun> runs, RunFilter filter, DateTimeOffset now)
    {
        var html = new HtmlWriter();
        PageLayout.Begin(html, basePath, "Runs", new Markup("data-page=\"runs\""));
        html.Append($"<h1>Runs</h1>");
        if (storeName is not null)
        {
            html.Append($"<p class=\"store\">Records in <code>{storeName}</code></p>");
        }

        WriteFilters(html, basePath, runs, filter);
        var shown = filter.Apply(runs);
        if (runs.Count == 0)
        {
            html.Append($"<p class=\"empty\">No runs recorded in this store yet. A run is recorded when it is started with <code>WorkflowRunOptions.Store</code> set to this store.</p>");
            PageLayout.End(html);
            return html.ToString();
        }

        html.Append($"<p class=\"count\">{shown.Count} of {runs.Count} runs</p>");
        html.Append($"<table class=\"runs\"><thead><tr><th>Run</th><th>Status</th><th>Workflow</th><th>Started (UTC)</th><th>Duration</th><th>Tokens</th><th>Cost</th><th>Steps</th></tr></thead><tbody>");
        foreach (var run in shown)
        {
            if (run.Record is not { } record)
            {
                html.Append($"<tr class=\"unreadable\" data-run-id=\"{run.RunId}\"><td><code>{run.RunId}</code></td><td>{new Markup("<span class=\"badge status-unreadable\">unreadable</span>")}</td><td colspan=\"6\" class=\"problem\">{run.Problem}</td></tr>");
                continue;
            }

            html.Append($"<tr data-run-id=\"{record.RunId}\" data-status=\"{record.Status}\"><td><a href=\"{basePath}runs/{Uri.EscapeDataString(record.RunId)}\"><code>{record.RunId}</code></a></td><td>");
            PageLayout.Status(html, record.Status);
            html.Append($"</td><td>{record.WorkflowId} <span class=\"muted\">({record.Strategy})</span></td><td>{DisplayFormat.Time(record.StartedAt)}</td>");
            html.Append($"<td>{DisplayFormat.RunDuration(record, now)}</td><td>{DisplayFormat.Tokens(record.Usage)}</td><td>{DisplayFormat.Cost(record.Cost)}</td><td>{record.Steps.Count}</td></tr>");
        }

        html.Append($"</tbody></table>");
        PageLayout.End(html);
        return html.ToString();
    }

    private static void WriteFilters(HtmlWriter html, string basePath, IReadOnlyList<StoredRun> runs, RunFilter filter)
    {
        var statuses = RunFilter.KnownStatuses.Concat(runs.Select(r => r.Record?.Status).OfType<string>()).Distinct(StringComparer.Ordinal);
        var workflows = runs.Select(r => r.Record?.WorkflowId).OfType<string>().Distinct(StringComparer.Ordinal).OrderBy(w => w, StringComparer.Ordinal);
        html.Append($"<form class=\"filters\" method=\"get\" action=\"{basePath}\">");
        Select(html, "status", "Status", statuses, filter.Status);
        Select(html, "workflow", "Workflow", workflows, filter.WorkflowId);
        html.Append($"<button type=\"submit\">Filter</button>");
        if (!filter.IsEmpty)
        {
            html.Append($" <a class=\"clear\" href=\"{basePath}\">Show all</a>");
        }

        html.Append($"</form>");
    }

    private static void Select(HtmlWriter html, string name, string label, IEnumerable<string> values, string? selected)
    {
        html.Append($"<label>{label} <select name=\"{name}\" id=\"filter-{name}\"><option value=\"\">any</option>");
        var options = values.ToList();
        if (selected is not null && !options.Contains(selected, StringComparer.Ordinal))
        {
            options.Add(selected);
        }

        foreach (var value in options)
        {
            html.Append($"<option value=\"{value}\"{new Markup(value == selected ? " selected" : string.Empty)}>{value}</option>");
        }

        html.Append($"</select></label>");
    }
}
