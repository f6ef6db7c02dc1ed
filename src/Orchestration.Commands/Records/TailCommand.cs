using System;
using System.CommandLine;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Commands.CommandLine;
using Orchestration.Commands.Terminal;
using Orchestration.Records;
using Spectre.Console;

namespace Orchestration.Commands.Records;

/// <summary><c>tail &lt;run-id&gt; [--timeout seconds]</c>: a run's events as they are written, until it finishes or waits.</summary>
internal static class TailCommand
{
    public static Command Create(CommandContext context)
    {
        var runId = context.RunIdArgument();
        var timeout = OptionValues.Seconds("--timeout", "Give up after this many seconds (default: follow until the run finishes or waits, or Ctrl+C).");
        var command = new Command("tail", "Print a run's events as they are written, until the run finishes or waits.") { runId, timeout };
        command.SetAction((result, token) => CommandErrors.GuardAsync(context, async () =>
        {
            using var opened = context.OpenStore(result, mustExist: true);
            return await FollowAsync(context.Out, opened.Store, result.GetValue(runId)!, result.GetValue(timeout), token).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> FollowAsync(IAnsiConsole console, IRunStore store, string runId, double? timeoutSeconds, CancellationToken cancellationToken)
    {
        store.Load(runId);
        using var limit = timeoutSeconds is { } seconds ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var steps = 0;
        string? running = null;
        var ended = false;

        async Task Follow(Action<string> status)
        {
            try
            {
                await foreach (var item in store.FollowAsync(runId, cancellationToken: linked.Token).ConfigureAwait(false))
                {
                    Print(console, item);
                    switch (item.Kind)
                    {
                        case RunEventKind.StepStarted:
                            running = $"#{item.Index} {item.StepId}";
                            break;
                        case RunEventKind.StepFinished:
                            steps++;
                            running = null;
                            break;
                        case RunEventKind.Finished:
                            ended = true;
                            return;
                        case RunEventKind.Waiting when store.Load(runId).Status == "waiting":
                            // Still waiting: nothing more happens until it is answered or due.
                            console.MarkupLineInterpolated($"Run {runId} is waiting; it is not running. Follow it again once it is answered or due.");
                            ended = true;
                            return;
                    }

                    status($"Following run {Markup.Escape(runId)}: {steps} step(s) finished" +
                        (running is null ? string.Empty : $", running step {Markup.Escape(running)}") + " (Ctrl+C to stop)");
                }
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                // Gave up after --timeout, or stopped by Ctrl+C.
            }
        }

        // A spinner with the step count and the running step on a terminal; plain event lines when output is redirected.
        if (console.Profile.Capabilities.Interactive)
        {
            await console.Status().StartAsync($"Following run {Markup.Escape(runId)}", context => Follow(text => context.Status(text))).ConfigureAwait(false);
        }
        else
        {
            await Follow(_ => { }).ConfigureAwait(false);
        }

        if (!ended)
        {
            var why = cancellationToken.IsCancellationRequested ? "when stopped" : $"after {timeoutSeconds?.ToString(CultureInfo.InvariantCulture)} s";
            console.MarkupLineInterpolated($"[yellow]Stopped following run {runId} {why}; it has not finished.[/]");
            return OrchestrationExitCodes.Error;
        }

        return OrchestrationExitCodes.Success;
    }

    private static void Print(IAnsiConsole console, RunEvent item)
    {
        var at = Markup.Escape(item.At.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture));
        var step = $"step {Markup.Escape(item.Path ?? string.Empty)} #{item.Index} {Markup.Escape(item.StepId ?? string.Empty)}";
        console.MarkupLine(item.Kind switch
        {
            RunEventKind.Started => $"{at}  run started ({Markup.Escape(item.Detail ?? "?")})",
            RunEventKind.StepStarted => $"{at}  {step}: started",
            RunEventKind.StepFinished => $"{at}  {step}: {RunText.Status(item.Status ?? "?")}" + (item.Detail is { } error ? $" ({Markup.Escape(error)})" : string.Empty),
            RunEventKind.Waiting => $"{at}  {step}: [yellow]waiting[/]" + (item.Detail is { } due ? $" ({Markup.Escape(due)})" : string.Empty),
            RunEventKind.Responded => $"{at}  {step}: response recorded",
            RunEventKind.Resumed => $"{at}  run resumed ({Markup.Escape(item.Detail ?? "resume")})",
            _ => $"{at}  run finished: {RunText.Status(item.Status ?? "?")}",
        });
    }
}
