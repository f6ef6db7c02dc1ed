using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Dashboard;
using Spectre.Console;

namespace Orchestration.Cli;

/// <summary>
/// <c>orchestrate list | show | report | tail | dashboard</c> over a <see cref="FileRunStore"/>: what a run store holds, one
/// run in detail, its report, a run in progress followed to its end, and a read-only dashboard of it all in a browser.
/// </summary>
public static class OrchestrateCommand
{
    /// <summary>Parses <paramref name="args"/> and runs the command, writing to <paramref name="console"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">Where output goes (the terminal, or a recording console in tests).</param>
    /// <param name="cancellationToken">Stops a command that waits (<c>tail</c>, <c>dashboard</c>).</param>
    /// <returns>0 on success, 1 when a run could not be read or found, 2 for bad usage.</returns>
    public static Task<int> InvokeAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var output = new ConsoleWriter(console);
        return Create(console).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, cancellationToken);
    }

    /// <summary>Builds the command tree.</summary>
    /// <param name="console">Where the commands write.</param>
    public static RootCommand Create(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var root = new Option<string>("--root")
        {
            Description = "The run store's root directory (FileRunStore's root).",
            DefaultValueFactory = _ => ".orchestrate",
            Recursive = true,
        };
        var runId = new Argument<string>("run-id") { Description = "The run's id (see `orchestrate list`)." };

        var list = new Command("list", "List the runs in the store, newest first.");
        list.SetAction(result => Guarded(console, () => List(console, Store(result, root))));

        var show = new Command("show", "Show one run: status, timings, totals, every step and the errors.") { runId };
        show.SetAction(result => Guarded(console, () => Show(console, Store(result, root).Load(result.GetValue(runId)!))));

        var format = new Option<string>("--format") { Description = "markdown or json.", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "json");
        var outputFile = new Option<FileInfo?>("--output", "-o") { Description = "Write the report to this file instead of the terminal." };
        var report = new Command("report", "Print a run's report (Markdown with the workflow diagram, or JSON).") { runId, format, outputFile };
        report.SetAction(result => Guarded(console, () =>
            Report(console, Store(result, root).Load(result.GetValue(runId)!), result.GetValue(format)!, result.GetValue(outputFile))));

        var timeout = new Option<double?>("--timeout") { Description = "Give up after this many seconds (default: wait until the run ends or Ctrl+C)." };
        var tail = new Command("tail", "Print a run's events as they are written, until the run finishes.") { runId, timeout };
        tail.SetAction((result, token) => GuardedAsync(console, () =>
            TailAsync(console, Store(result, root), result.GetValue(runId)!, result.GetValue(timeout), token)));

        var port = new Option<int>("--port") { Description = "The port to listen on (default: 0, any free port).", DefaultValueFactory = _ => 0 };
        var address = new Option<string>("--address")
        {
            Description = "The address to listen on (default: 127.0.0.1). An address other than loopback needs --allow-remote.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var allowRemote = new Option<bool>("--allow-remote")
        {
            Description = "Allow a non-loopback address and requests from other machines. Plain HTTP: the token and the records cross the network unencrypted.",
        };
        var dashboard = new Command("dashboard", "Serve a read-only dashboard of the store's runs in a browser, until Ctrl+C. Prints the URL to open, with its access token.")
        {
            port, address, allowRemote,
        };
        dashboard.SetAction((result, token) => GuardedAsync(console, () =>
            DashboardAsync(console, Store(result, root), result.GetValue(address)!, result.GetValue(port), result.GetValue(allowRemote), token)));

        return new RootCommand("Lists, shows, reports and tails the runs an Orchestration run store recorded, and serves a dashboard of them.") { root, list, show, report, tail, dashboard };
    }

    private static FileRunStore Store(ParseResult result, Option<string> root) => new(result.GetValue(root)!);

    private static int List(IAnsiConsole console, FileRunStore store)
    {
        using (store)
        {
            var runs = store.List();
            if (runs.Count == 0)
            {
                console.MarkupLineInterpolated($"No runs in [bold]{Path.Combine(store.Root, "runs")}[/]. Give a run WorkflowRunOptions.Store = new FileRunStore(\"{store.Root}\") to record it.");
                return 0;
            }

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
                    Status(record.Status),
                    record.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    record.Steps.Count.ToString(CultureInfo.InvariantCulture),
                    record.FinishedAt is { } end ? Milliseconds((end - record.StartedAt).TotalMilliseconds) : string.Empty);
            }

            console.Write(table);
            return 0;
        }
    }

    private static int Show(IAnsiConsole console, RunRecord record)
    {
        console.MarkupLineInterpolated($"[bold]Run {record.RunId}[/]: workflow [bold]{record.WorkflowId}[/] ({record.Strategy})");
        console.MarkupLine("Status: " + Status(record.Status));
        if (record.Wait is { } wait)
        {
            console.MarkupLineInterpolated($"Waiting: {Waiting(wait)}");
            if (wait.Request is { } request)
            {
                console.MarkupLineInterpolated($"Request: {request}");
            }
        }

        console.MarkupLineInterpolated($"Started: {record.StartedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}");
        if (record.FinishedAt is { } end)
        {
            console.MarkupLineInterpolated($"Finished: {end.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} ({Milliseconds((end - record.StartedAt).TotalMilliseconds)})");
        }

        var tokens = record.Steps.Sum(s => s.Usage.TotalTokens);
        var cost = record.Steps.Sum(s => s.Cost ?? 0m);
        console.MarkupLineInterpolated($"Steps: {record.Steps.Count}, tokens: {tokens}, cost: {cost.ToString("0.######", CultureInfo.InvariantCulture)}");

        var table = new Table().AddColumns("Workflow", "#", "Step", "Status", "Duration", "Attempts", "Tokens", "Error");
        foreach (var step in record.Steps)
        {
            table.AddRow(
                Markup.Escape(step.Path),
                step.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(step.StepId),
                Status(step.Status),
                Milliseconds(step.DurationMs),
                step.Attempts.ToString(CultureInfo.InvariantCulture),
                step.Usage.TotalTokens.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(step.Error ?? string.Empty));
        }

        console.Write(table);
        foreach (var error in record.Errors)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {error}");
        }

        return 0;
    }

    private static int Report(IAnsiConsole console, RunRecord record, string format, FileInfo? output)
    {
        var text = format == "json" ? RunReport.ToJson(record) : RunReport.ToMarkdown(record);
        if (output is null)
        {
            console.Profile.Out.Writer.Write(text);
            return 0;
        }

        output.Directory?.Create();
        File.WriteAllText(output.FullName, text);
        console.MarkupLineInterpolated($"Report written to [bold]{output.FullName}[/]");
        return 0;
    }

    private static async Task<int> TailAsync(IAnsiConsole console, FileRunStore store, string runId, double? timeoutSeconds, CancellationToken cancellationToken)
    {
        using (store)
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
                        PrintEvent(console, item);
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
                catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // Gave up after --timeout.
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
                console.MarkupLineInterpolated($"[yellow]Stopped following run {runId} after {timeoutSeconds} s; it has not finished.[/]");
                return 1;
            }

            return 0;
        }
    }

    private static async Task<int> DashboardAsync(IAnsiConsole console, FileRunStore store, string address, int port, bool allowRemote, CancellationToken cancellationToken)
    {
        using (store)
        {
            var listen = address == "localhost" ? IPAddress.Loopback
                : IPAddress.TryParse(address, out var parsed) ? parsed
                : throw new ArgumentException($"--address '{address}' is not an IP address: use 127.0.0.1 (the default) or ::1, or with --allow-remote an address of this machine.");

            // The tool has the records but not the application's workflows, so it can never answer a waiting run.
            await using var server = await DashboardServer.StartAsync(
                new DashboardOptions(store),
                new DashboardServerOptions { Address = listen, Port = port, AllowRemote = allowRemote },
                cancellationToken).ConfigureAwait(false);
            console.MarkupLineInterpolated($"Dashboard of the runs in [bold]{store.Root}[/], at:");
            // Written as is (never wrapped to the terminal's width), so that it can be copied or clicked whole.
            console.Profile.Out.Writer.WriteLine(server.Url.ToString());
            if (allowRemote)
            {
                console.MarkupLine("[yellow]Remote access is allowed: other machines that have the URL can read these records, over plain HTTP.[/]");
            }

            console.MarkupLine("Read-only: this tool has the run records but not your application's workflows, so it cannot answer waiting runs. Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop serving.
            }

            await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            console.MarkupLine("Dashboard stopped.");
            return 0;
        }
    }

    /// <summary>Prints one event.</summary>
    private static void PrintEvent(IAnsiConsole console, RunEvent item)
    {
        var at = Markup.Escape(item.At.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture));
        var step = $"step {Markup.Escape(item.Path ?? string.Empty)} #{item.Index} {Markup.Escape(item.StepId ?? string.Empty)}";
        console.MarkupLine(item.Kind switch
        {
            RunEventKind.Started => $"{at}  run started ({Markup.Escape(item.Detail ?? "?")})",
            RunEventKind.StepStarted => $"{at}  {step}: started",
            RunEventKind.StepFinished => $"{at}  {step}: {Status(item.Status ?? "?")}" + (item.Detail is { } error ? $" ({Markup.Escape(error)})" : string.Empty),
            RunEventKind.Waiting => $"{at}  {step}: [yellow]waiting[/]" + (item.Detail is { } due ? $" ({Markup.Escape(due)})" : string.Empty),
            RunEventKind.Responded => $"{at}  {step}: response recorded",
            RunEventKind.Resumed => $"{at}  run resumed ({Markup.Escape(item.Detail ?? "resume")})",
            _ => $"{at}  run finished: {Status(item.Status ?? "?")}",
        });
    }

    private static string Waiting(RunWait wait) => wait.Kind == RunWait.Timer
        ? $"step {wait.Index} of {wait.Path} (a delay) until {wait.DueAt?.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}"
        : $"step {wait.Index} of {wait.Path} for a response to '{wait.StepId}'" + (wait.Description is { } about ? $" ({about})" : string.Empty) +
          (wait.DueAt is { } deadline ? $", deadline {deadline.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}" : ", no deadline") +
          (wait.ResponseType is { } type ? $"; answer with a {type}" : string.Empty);

    private static string Status(string status) => status switch
    {
        "completed" => "[green]completed[/]",
        "running" => "[blue]running[/]",
        "failed" or "timed_out" => $"[red]{Markup.Escape(status)}[/]",
        "waiting" => "[yellow]waiting[/]",
        _ => $"[yellow]{Markup.Escape(status)}[/]",
    };

    private static string Milliseconds(double milliseconds) =>
        milliseconds >= 1000
            ? (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s"
            : milliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    private static Task<int> Guarded(IAnsiConsole console, Func<int> command) => GuardedAsync(console, () => Task.FromResult(command()));

    private static async Task<int> GuardedAsync(IAnsiConsole console, Func<Task<int>> command)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 1;
        }
    }

    // Missing runs, invalid ids, damaged or newer-format records, unreadable files: say what is wrong, exit 1.
    private static bool IsUserError(Exception ex) =>
        ex is KeyNotFoundException or ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException;

    /// <summary>Routes System.CommandLine's help and parse errors to the same console as everything else.</summary>
    private sealed class ConsoleWriter(IAnsiConsole console) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => console.Profile.Out.Writer.Write(value);

        public override void Write(string? value) => console.Profile.Out.Writer.Write(value);
    }
}
