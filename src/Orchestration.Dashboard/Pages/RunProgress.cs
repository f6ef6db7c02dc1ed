using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Orchestration.Records;

namespace Orchestration.Dashboard.Pages;

/// <summary>
/// Where a run stands, from its record and events: the steps that started and have not finished yet (a record only holds
/// finished steps), and the status of each step of the top-level workflow, for the diagram.
/// </summary>
internal sealed class RunProgress
{
    private RunProgress(IReadOnlyList<RunEvent> running, IReadOnlyDictionary<int, (string Status, string Summary)> topLevel)
    {
        Running = running;
        TopLevel = topLevel;
    }

    /// <summary>The <see cref="RunEventKind.StepStarted"/> events of steps still running.</summary>
    public IReadOnlyList<RunEvent> Running { get; }

    /// <summary>For each step of the top-level workflow that started (by 1-based index), its status and a line saying so.</summary>
    public IReadOnlyDictionary<int, (string Status, string Summary)> TopLevel { get; }

    public static RunProgress Of(RunRecord record, IReadOnlyList<RunEvent> events)
    {
        // A step that started after its last finish is running; a finished run has nothing running, whatever its events say.
        var open = new Dictionary<(string Path, int Index), RunEvent>();
        if (!record.IsFinished)
        {
            foreach (var item in events)
            {
                if (item is { Path: { } path, Index: { } index })
                {
                    if (item.Kind == RunEventKind.StepStarted)
                    {
                        open[(path, index)] = item;
                    }
                    else if (item.Kind is RunEventKind.StepFinished or RunEventKind.Responded)
                    {
                        open.Remove((path, index));
                    }
                }
            }
        }

        var states = new Dictionary<int, (string Status, string Summary)>();
        foreach (var step in record.Steps.Where(s => IsTop(record, s.Path)))
        {
            states[step.Index] = (Css(step.Status), string.Create(CultureInfo.InvariantCulture, $"step {step.Index} '{step.StepId}'{Iteration(record, step.Path)}: {step.Status} in {DisplayFormat.Duration(step.DurationMs)}") +
                (step.Error is null ? string.Empty : " (" + step.Error + ")"));
        }

        foreach (var ((path, index), started) in open)
        {
            if (IsTop(record, path))
            {
                states[index] = ("running", string.Create(CultureInfo.InvariantCulture, $"step {index} '{started.StepId}'{Iteration(record, path)}: running since {DisplayFormat.Time(started.At)}"));
            }
        }

        if (record.Wait is { } wait && wait.Path == record.WorkflowId)
        {
            states[wait.Index] = ("waiting", wait.ToString());
        }

        return new RunProgress(open.Values.OrderBy(e => e.Sequence).ToArray(), states);
    }

    /// <summary>Whether a step of <paramref name="path"/> is one of the run's own workflow: its id, or <c>id[n]</c> in iteration n of a loop.</summary>
    private static bool IsTop(RunRecord record, string path) =>
        path == record.WorkflowId || (path.StartsWith(record.WorkflowId + "[", System.StringComparison.Ordinal) && path.EndsWith(']') && path.IndexOf('/') < 0);

    /// <summary>" (iteration n)" for a step of a loop's iteration, else nothing.</summary>
    private static string Iteration(RunRecord record, string path) =>
        path.Length > record.WorkflowId.Length ? " (iteration " + path.Substring(record.WorkflowId.Length + 1, path.Length - record.WorkflowId.Length - 2) + ")" : string.Empty;

    /// <summary>A status as a CSS class suffix: letters, digits, '-' and '_' only.</summary>
    public static string Css(string status) => new(status.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}
