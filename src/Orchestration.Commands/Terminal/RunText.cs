using System.Globalization;
using Orchestration.Records;
using Spectre.Console;

namespace Orchestration.Commands.Terminal;

/// <summary>How runs read on the console: statuses (coloured on a terminal), durations, what a run waits for.</summary>
internal static class RunText
{
    /// <summary>A status as markup, coloured by what it means.</summary>
    public static string Status(string status) => status switch
    {
        "completed" => "[green]completed[/]",
        "running" => "[blue]running[/]",
        "failed" or "timed_out" => $"[red]{Markup.Escape(status)}[/]",
        _ => $"[yellow]{Markup.Escape(status)}[/]",
    };

    public static string Duration(double milliseconds) =>
        milliseconds >= 1000
            ? (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s"
            : milliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    /// <summary><c>1 step</c>, <c>3 steps</c>.</summary>
    public static string Steps(int count) => count == 1 ? "1 step" : count.ToString(CultureInfo.InvariantCulture) + " steps";

    public static string Time(System.DateTimeOffset at) => at.UtcDateTime.ToString("u", CultureInfo.InvariantCulture);

    /// <summary>What a waiting run waits for, in a sentence (plain text).</summary>
    public static string Waiting(RunWait wait) => wait.Kind == RunWait.Timer
        ? $"step {wait.Index} of {wait.Path} (a delay) until {(wait.DueAt is { } due ? Time(due) : "?")}"
        : $"step {wait.Index} of {wait.Path} for a response to '{wait.StepId}'" + (wait.Description is { } about ? $" ({about})" : string.Empty) +
          (wait.DueAt is { } deadline ? $", deadline {Time(deadline)}" : ", no deadline") +
          (wait.ResponseType is { } type ? $"; answer with a {type}" : string.Empty);
}
