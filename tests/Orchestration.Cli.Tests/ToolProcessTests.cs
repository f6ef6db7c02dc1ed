using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;

namespace Orchestration.Cli.Tests;

/// <summary>
/// The built <c>orchestrate</c> tool run as a process, the way the tool's shim runs it (<c>dotnet Orchestration.Cli.dll</c>),
/// with its output redirected and <c>TERM</c> set, as a script or CI would run it.
/// </summary>
public sealed class ToolProcessTests : IDisposable
{
    private static readonly string Tool = typeof(ToolProcessTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OrchestrateTool").Value!;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "orchestration-tool-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task<(int Code, string Out, string Error)> Orchestrate(params string[] args)
    {
        Assert.True(File.Exists(Tool), $"The tool was not built at {Tool}.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Tool);
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
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private async Task Record(string runId)
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(new AgentTemplate<string, string>("upper", "upper", typeof(Upper), _ => new Upper()));
        registry.Workflows.Register(new WorkflowDefinition("nightly_content_pipeline", "sequential", [WorkflowStep.Agent("upper")]));
        using var store = new FileRunStore(_root);
        await registry.RunAsync("nightly_content_pipeline", "hello", options: new WorkflowRunOptions { RunId = runId, Store = store });
    }

    private sealed class Upper : IAgent<string, string>
    {
        public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input.ToUpperInvariant());
    }

    [Fact]
    public async Task Redirected_output_is_plain_with_each_run_on_one_line_even_with_TERM_set()
    {
        var longId = "20261204T101500123-" + new string('a', 90);
        await Record(longId);
        await Record("short-run");

        var (code, output, error) = await Orchestrate("list", "--root", _root);
        var (showCode, shown, _) = await Orchestrate("show", longId, "--root", _root);

        Assert.Equal((0, string.Empty), (code, error));
        Assert.DoesNotContain('\u001b', output);
        Assert.Matches($@"(?m)^│ {longId} │ nightly_content_pipeline │ completed │ \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d │ 1\s+│ [\d.]+ m?s\s+│$", output);
        Assert.Matches(@"(?m)^│ short-run\s+│ nightly_content_pipeline │ completed │", output);
        Assert.Equal(0, showCode);
        Assert.DoesNotContain('\u001b', shown);
        Assert.StartsWith($"Run {longId}: workflow nightly_content_pipeline (sequential)\nStatus: completed\n", shown);
    }

    [Fact]
    public async Task The_usage_line_says_orchestrate()
    {
        var (code, output, _) = await Orchestrate("--help");

        Assert.Equal(0, code);
        Assert.Contains("Usage:\n  orchestrate [command] [options]", output);
        Assert.DoesNotContain("Orchestration.Cli", output);
    }

    [Fact]
    public async Task Errors_go_to_standard_error_with_exit_codes_1_for_a_missing_store_and_2_for_bad_usage()
    {
        var missing = Path.Combine(_root, "nowhere");

        var (missingCode, missingOut, missingError) = await Orchestrate("list", "--root", missing);
        var (usageCode, _, usageError) = await Orchestrate("tail", "some-run", "--timeout", "abc");

        Assert.Equal((1, string.Empty), (missingCode, missingOut));
        Assert.StartsWith($"error: No run store at {missing}: the directory does not exist.", missingError);
        Assert.Equal(2, usageCode);
        Assert.Contains("--timeout takes a number of seconds greater than 0, such as 30 or 0.5; 'abc' is not one.", usageError);
        Assert.DoesNotContain("System.Nullable", usageError);
    }
}
