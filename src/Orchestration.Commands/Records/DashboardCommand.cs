using System;
using System.CommandLine;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Commands.CommandLine;
using Orchestration.Dashboard;
using Spectre.Console;

namespace Orchestration.Commands.Records;

/// <summary>
/// <c>dashboard [--port] [--address] [--allow-remote]</c>, and in an application <c>[--allow-responses]</c>: a dashboard
/// of the store's runs on a loopback port until Ctrl+C.
/// </summary>
internal static class DashboardCommand
{
    public static Command Create(CommandContext context)
    {
        var port = OptionValues.Port("--port", "The port to listen on (default: 0, any free port).");
        var address = new Option<string>("--address")
        {
            Description = "The address to listen on (default: 127.0.0.1). An address other than loopback needs --allow-remote.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var allowRemote = new Option<bool>("--allow-remote")
        {
            Description = "Allow a non-loopback address and requests from other machines. Plain HTTP: the token and the records cross the network unencrypted.",
        };
        var command = new Command("dashboard", "Serve a dashboard of the store's runs in a browser, until Ctrl+C. Prints the URL to open, with its access token.")
        {
            port, address, allowRemote,
        };

        // Only an application has the workflows that an answered run continues with.
        var allowResponses = context.HasWorkflows
            ? new Option<bool>("--allow-responses") { Description = "Let the dashboard answer waiting runs; an answered run continues in this process while the dashboard serves." }
            : null;
        if (allowResponses is not null)
        {
            command.Add(allowResponses);
        }

        command.SetAction((result, token) => CommandErrors.GuardAsync(context, async () =>
        {
            using var opened = context.OpenStore(result, mustExist: true);
            var answers = allowResponses is not null && result.GetValue(allowResponses);
            var options = answers
                ? new DashboardOptions(opened.Store) { AllowResponses = true, Registry = context.Registry, Services = context.Services, RecordSerializer = context.RecordSerializer }
                : new DashboardOptions(opened.Store);
            return await ServeAsync(context, opened, options, result.GetValue(address)!, result.GetValue(port), result.GetValue(allowRemote), token).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> ServeAsync(CommandContext context, OpenedStore opened, DashboardOptions options, string address, int port, bool allowRemote, CancellationToken cancellationToken)
    {
        var console = context.Out;
        var listen = address == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(address, out var parsed) ? parsed
            : throw new CommandException($"--address '{address}' is not an IP address: use 127.0.0.1 (the default) or ::1, or with --allow-remote an address of this machine.");

        await using var server = await DashboardServer.StartAsync(
            options,
            new DashboardServerOptions { Address = listen, Port = port, AllowRemote = allowRemote },
            cancellationToken).ConfigureAwait(false);
        console.MarkupLineInterpolated($"Dashboard of the runs in [bold]{opened.Location}[/], at:");
        // Written as is (never wrapped to the terminal's width), so that it can be copied or clicked whole.
        context.WriteOut(server.Url + Environment.NewLine);
        if (allowRemote)
        {
            console.MarkupLine("[yellow]Remote access is allowed: other machines that have the URL can read these records, over plain HTTP.[/]");
        }

        console.MarkupLine(options.AllowResponses
            ? "Waiting runs can be answered from their page; an answered run continues in this process. Press Ctrl+C to stop."
            : context.HasWorkflows
                ? "Read-only: start it with --allow-responses to answer waiting runs from their page. Press Ctrl+C to stop."
                : "Read-only: this tool has the run records but not your application's workflows, so it cannot answer waiting runs. Press Ctrl+C to stop.");
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
        return OrchestrationExitCodes.Success;
    }
}
