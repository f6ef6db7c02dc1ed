using System;
using Orchestration.Commands.Terminal;
using Spectre.Console;

namespace Orchestration.Commands.Workflows;

/// <summary>
/// One line per step run by this command, on the error console (standard output stays for the result), then the
/// application's own progress, if it has one. Steps of a fan-out finish concurrently, so lines are written one at a time.
/// </summary>
internal sealed class StepProgress(IAnsiConsole console, IProgress<StepResult>? next) : IProgress<StepResult>
{
    private readonly object _gate = new();
    private string? _announcement;

    /// <summary>
    /// A line to print before the first step's, or at <see cref="Flush"/>: that a response was recorded (<c>respond</c>)
    /// or that a run resumes (<c>resume</c>), which is known only once the runtime's call returns without refusing, or
    /// the continued run, which may run inside that call, reports a step.
    /// </summary>
    public void Announce(string markup)
    {
        lock (_gate)
        {
            _announcement = markup;
        }
    }

    /// <summary>Prints the announcement, if it was not yet.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            FlushLocked();
        }
    }

    public void Report(StepResult value)
    {
        // A resumed or answered run restores what it had done; only what runs now is progress.
        if (value.Restored)
        {
            next?.Report(value);
            return;
        }

        var line = $"  step {value.Index} {Markup.Escape(value.StepId)}: {RunText.Status(Status(value.Status))} ({RunText.Duration(value.Duration.TotalMilliseconds)})" +
            (value.Error is { } error ? $": {Markup.Escape(error)}" : string.Empty);
        lock (_gate)
        {
            FlushLocked();
            console.MarkupLine(line);
        }

        next?.Report(value);
    }

    private void FlushLocked()
    {
        if (_announcement is { } announcement)
        {
            _announcement = null;
            console.MarkupLine(announcement);
        }
    }

    private static string Status(StepStatus status) => status switch
    {
        StepStatus.Completed => "completed",
        StepStatus.Failed => "failed",
        StepStatus.Cancelled => "cancelled",
        StepStatus.TimedOut => "timed_out",
        _ => "waiting",
    };
}
