using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Commands.Tests;

/// <summary>
/// The <c>CommandsHost</c> application (its <c>Main</c> is <see cref="OrchestrationCommands.InvokeAsync(string[], IServiceProvider, CancellationToken)"/>)
/// run as a real process, its output redirected and <c>TERM</c> set, as a script or CI would run it.
/// </summary>
public sealed class AppProcessTests : IDisposable
{
    private static readonly string Host = typeof(AppProcessTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CommandsHost").Value!;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orchestration-app-" + Guid.NewGuid().ToString("N"));

    public AppProcessTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(int Code, string Out, string Error)> App(string? stdin, params string[] args)
    {
        Assert.True(File.Exists(Host), $"The host program was not built at {Host}.");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Host);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A terminal type that makes Spectre.Console emit escape codes when it goes by the environment alone.
        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin ?? string.Empty);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task An_application_runs_a_workflow_that_waits_and_another_process_answers_it_with_plain_output_and_whole_run_ids()
    {
        var runId = "review-" + new string('x', 100);
        File.WriteAllText(Path.Combine(_directory, "draft.json"), "\"hello\"");
        File.WriteAllText(Path.Combine(_directory, "article.json"), "{\"title\": \"Typed runners\", \"body\": \"Checked at build time\"}");

        var help = await App(null, "--help");
        var workflows = await App(null, "workflows");
        var headline = await App(null, "run", "headline", "--input", "article.json");
        var waiting = await App(null, "run", "review", "--input", "draft.json", "--run-id", runId);
        var answered = await App("{\"approved\": true}", "respond", runId, "--input", "-");
        var list = await App(null, "list");

        foreach (var (code, output, error) in new[] { help, workflows, headline, waiting, answered, list })
        {
            Assert.DoesNotContain('\u001b', output);
            Assert.DoesNotContain('\u001b', error);
        }

        Assert.Equal(0, help.Code);
        Assert.Contains("Usage:\n  CommandsHost [command] [options]", help.Out);
        Assert.Equal(0, workflows.Code);
        Assert.Matches(@"(?m)^│ headline │ sequential │ headline_writer\s+│ CommandsHost\.Article │ CommandsHost\.Headline │", workflows.Out);

        Assert.Equal(0, headline.Code);
        using (var result = JsonDocument.Parse(headline.Out))
        {
            Assert.Equal("\"Typed runners\" — Checked", result.RootElement.GetProperty("text").GetString());
        }

        Assert.Equal((OrchestrationExitCodes.Waiting, string.Empty), (waiting.Code, waiting.Out));
        Assert.Contains($"\nRun {runId} of review is waiting: step 2 of review for a response to 'editor_approval' (Approve the draft?), no deadline; answer with a CommandsHost.Decision.\n", waiting.Error);
        Assert.Contains($"\nAnswer it with: CommandsHost respond {runId} --input response.json\n", waiting.Error);

        Assert.Equal((0, "\"published HELLO\"\n"), (answered.Code, answered.Out));
        Assert.Contains($"\nRun {runId} of review completed in ", answered.Error);

        // Recorded in .orchestrate under the working directory, the default root; one line per run, ids whole.
        Assert.Equal(0, list.Code);
        Assert.Matches($@"(?m)^│ {runId} │ review\s+│ completed │", list.Out);
        Assert.Matches(@"(?m)^│ \d{8}T\d{9}-[0-9a-f]+\s+│ headline │ completed │", list.Out);
    }
}
