using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Cli;
using Spectre.Console;

namespace Orchestration.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orchestration-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task<(int Code, string Output)> Orchestrate(params string[] args)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 200;
        var code = await OrchestrateCommand.InvokeAsync([.. args, "--root", _root], console);
        return (code, text.ToString());
    }

    private static OrchestrationRegistry Registry(Func<string, Task<string>>? slow = null)
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(Agent<string, string>("upper", s => Task.FromResult(s.ToUpperInvariant())));
        registry.Templates.Register(Agent<string, string>("slow", slow ?? Task.FromResult));
        registry.Templates.Register(Agent<string, int>("broken", _ => throw new FormatException("bad input")));
        registry.Workflows.Register(new WorkflowDefinition("shout", "sequential", [WorkflowStep.Agent("upper")]));
        registry.Workflows.Register(new WorkflowDefinition("fails", "sequential", [WorkflowStep.Agent("upper"), WorkflowStep.Agent("broken")]));
        registry.Workflows.Register(new WorkflowDefinition("waits", "sequential", [WorkflowStep.Agent("upper"), WorkflowStep.Agent("slow")]));
        return registry;
    }

    private static AgentTemplate<TIn, TOut> Agent<TIn, TOut>(string id, Func<TIn, Task<TOut>> run) =>
        new(id, "test agent", typeof(DelegateAgent<TIn, TOut>), _ => new DelegateAgent<TIn, TOut>(run));

    private sealed class DelegateAgent<TIn, TOut>(Func<TIn, Task<TOut>> run) : IAgent<TIn, TOut>
    {
        public async ValueTask<TOut> RunAsync(TIn input, AgentContext context, CancellationToken cancellationToken) => await run(input);
    }

    private async Task Record(OrchestrationRegistry registry, string workflow, string runId)
    {
        using var store = new FileRunStore(_root);
        await registry.RunAsync(workflow, "hello", options: new WorkflowRunOptions { RunId = runId, Store = store });
    }

    [Fact]
    public async Task List_shows_every_run_and_says_which_cannot_be_read()
    {
        var registry = Registry();
        await Record(registry, "shout", "good-run");
        await Record(registry, "fails", "bad-run");
        Directory.CreateDirectory(Path.Combine(_root, "runs", "torn-run"));
        File.WriteAllText(Path.Combine(_root, "runs", "torn-run", "state.json"), "{\"formatVersion\":1,\"runId\":");

        var (code, output) = await Orchestrate("list");

        Assert.Equal(0, code);
        Assert.Matches(@"good-run\s*│\s*shout\s*│\s*completed", output);
        Assert.Matches(@"bad-run\s*│\s*fails\s*│\s*failed", output);
        Assert.Matches(@"torn-run\s*│\s*\?\s*│\s*unreadable\s*│.*not a valid run record", output);
    }

    [Fact]
    public async Task List_on_an_empty_store_says_how_to_record_runs()
    {
        var (code, output) = await Orchestrate("list");

        Assert.Equal(0, code);
        Assert.Contains("No runs in", output);
        Assert.Contains("WorkflowRunOptions.Store = new FileRunStore(", output);
    }

    [Fact]
    public async Task Show_prints_the_steps_and_the_errors()
    {
        await Record(Registry(), "fails", "bad-run");

        var (code, output) = await Orchestrate("show", "bad-run");

        Assert.Equal(0, code);
        Assert.Contains("Run bad-run: workflow fails (sequential)", output);
        Assert.Contains("Status: failed", output);
        Assert.Matches(@"fails\s*│\s*1\s*│\s*upper\s*│\s*completed", output);
        Assert.Matches(@"fails\s*│\s*2\s*│\s*broken\s*│\s*failed.*FormatException: bad input", output);
        Assert.Contains("error: step 2 'broken': FormatException: bad input", output);
    }

    [Fact]
    public async Task Report_prints_markdown_with_the_recorded_diagram_json_or_writes_a_file()
    {
        var registry = Registry();
        await Record(registry, "shout", "good-run");
        using var store = new FileRunStore(_root);
        var record = store.Load("good-run");
        var file = Path.Combine(_root, "reports", "good-run.md");

        var markdown = await Orchestrate("report", "good-run");
        var json = await Orchestrate("report", "good-run", "--format", "json");
        var written = await Orchestrate("report", "good-run", "-o", file);

        Assert.Equal((0, RunReport.ToMarkdown(record, registry.Workflows.Get("shout").Diagram)), markdown);
        Assert.Contains("```mermaid\n%% workflow shout (sequential)", markdown.Output);
        Assert.Equal((0, record.ToJson()), json);
        Assert.Equal(0, written.Code);
        Assert.Contains("Report written to", written.Output);
        Assert.Equal(markdown.Output, File.ReadAllText(file));
    }

    [Fact]
    public async Task Unknown_runs_bad_ids_and_damaged_records_are_errors_that_say_what_is_wrong()
    {
        Directory.CreateDirectory(Path.Combine(_root, "runs", "torn-run"));
        File.WriteAllText(Path.Combine(_root, "runs", "torn-run", "state.json"), "{");

        var unknown = await Orchestrate("show", "nope");
        var escape = await Orchestrate("report", "../outside");
        var torn = await Orchestrate("show", "torn-run");
        var format = await Orchestrate("report", "nope", "--format", "pdf");

        Assert.Equal(1, unknown.Code);
        Assert.StartsWith("error: No run 'nope' in ", unknown.Output);
        Assert.Equal(1, escape.Code);
        Assert.StartsWith("error: Run id '../outside' is not valid", escape.Output);
        Assert.Equal(1, torn.Code);
        Assert.Contains("is not a valid run record", torn.Output);
        Assert.NotEqual(0, format.Code);
        Assert.Contains("pdf", format.Output);
        Assert.Contains("markdown", format.Output);
    }

    [Fact]
    public async Task Tail_follows_a_run_in_progress_until_it_finishes()
    {
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = Registry(async s =>
        {
            started.SetResult();
            return await release.Task + s;
        });
        using var store = new FileRunStore(_root);
        var run = registry.RunAsync("waits", "go", options: new WorkflowRunOptions { RunId = "live", Store = store }).AsTask();
        await started.Task;

        var tail = Orchestrate("tail", "live", "--timeout", "60");
        await Task.Delay(300);
        Assert.False(tail.IsCompleted);
        release.SetResult("done: ");
        await run;
        var (code, output) = await tail;

        Assert.Equal(0, code);
        Assert.Contains("run started", output);
        Assert.Contains("step waits #1 upper: completed", output);
        Assert.Contains("step waits #2 slow: completed", output);
        Assert.Contains("run finished: completed", output);
    }

    [Fact]
    public async Task Tail_gives_up_after_its_timeout_on_a_run_that_does_not_finish()
    {
        using var store = new FileRunStore(_root);
        using var claim = store.Create(new RunRecord("stuck", "w", "sequential", "running", DateTimeOffset.UtcNow, null, null, [], []));

        var (code, output) = await Orchestrate("tail", "stuck", "--timeout", "0.5");

        Assert.Equal(1, code);
        Assert.Contains("run started", output);
        Assert.Contains("Stopped following run stuck after 0.5 s; it has not finished.", output);
    }

    [Fact]
    public async Task Show_report_and_tail_say_what_a_waiting_run_waits_for()
    {
        using (var store = new FileRunStore(_root))
        {
            var claim = store.Create(new RunRecord("paused", "review", "sequential", "running", DateTimeOffset.UtcNow, null, "\"draft\"", [], []));
            claim.Suspend(new RunWait(RunWait.Input, "review", 2, 1, "editor_approval", DateTimeOffset.UtcNow, null, "{\"text\":\"HELLO\"}")
            {
                Description = "Approve the draft?",
                ResponseType = "Sample.Decision",
            });
        }

        var (showCode, shown) = await Orchestrate("show", "paused");
        var (reportCode, report) = await Orchestrate("report", "paused");
        var (tailCode, tailed) = await Orchestrate("tail", "paused", "--timeout", "30");

        Assert.Equal((0, 0, 0), (showCode, reportCode, tailCode));
        Assert.Contains("Status: waiting", shown);
        Assert.Contains("Waiting: step 2 of review for a response to 'editor_approval' (Approve the draft?), no deadline; answer with a Sample.Decision", shown);
        Assert.Contains("Request: {\"text\":\"HELLO\"}", shown);
        Assert.Contains("| Waiting | step 2 of review, for a response to `editor_approval` (Approve the draft?); no deadline |", report);
        Assert.Contains("step review #2 editor_approval: waiting", tailed);
        Assert.Contains("Run paused is waiting; it is not running. Follow it again once it is answered or due.", tailed);
    }

    [Fact]
    public async Task Dashboard_prints_a_loopback_url_with_a_token_serves_the_run_list_with_it_refuses_requests_without_it_and_stops_on_cancel()
    {
        await Record(Registry(), "shout", "good-run");
        var output = new SharedWriter();
        using var stop = new CancellationTokenSource();
        var serving = OrchestrateCommand.InvokeAsync(["dashboard", "--root", _root], Console(output), stop.Token);

        var url = await UrlPrintedBy(output, serving);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{43}$", url);
        var baseAddress = new Uri(url[..url.IndexOf('?')]);
        using var http = new HttpClient();
        var page = await http.GetAsync(url);
        var runs = await http.GetStringAsync(new Uri(baseAddress, "api/runs" + url[url.IndexOf('?')..]));
        using var anonymous = new HttpClient();
        var refused = await anonymous.GetAsync(new Uri(baseAddress, "api/runs"));
        var refusedPage = await anonymous.GetAsync(baseAddress);
        Assert.False(serving.IsCompleted);
        stop.Cancel();
        var code = await serving.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-run-id=\"good-run\"", await page.Content.ReadAsStringAsync());
        Assert.Contains("\"runId\":\"good-run\"", runs);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedPage.StatusCode);
        Assert.Equal(0, code);
        Assert.Contains($"Dashboard of the runs in {_root}, at:", output.ToString());
        Assert.Contains("Read-only: this tool has the run records but not your application's workflows, so it cannot answer waiting runs.", output.ToString());
        Assert.EndsWith("Dashboard stopped.\n", output.ToString());
    }

    [Fact]
    public async Task Dashboard_refuses_a_non_loopback_address_without_allow_remote_and_an_address_that_is_not_one()
    {
        var (remoteCode, remote) = await Orchestrate("dashboard", "--address", "0.0.0.0");
        var (nameCode, name) = await Orchestrate("dashboard", "--address", "example.org");

        Assert.Equal(1, remoteCode);
        Assert.StartsWith("error: The dashboard listens on loopback addresses only (127.0.0.1, ::1), not 0.0.0.0", remote);
        Assert.Contains("--allow-remote", remote);
        Assert.Equal(1, nameCode);
        Assert.StartsWith("error: --address 'example.org' is not an IP address", name);
    }

    private IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        return console;
    }

    private static async Task<string> UrlPrintedBy(SharedWriter output, Task<int> command)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Regex.Match(output.ToString(), @"^http://\S+$", RegexOptions.Multiline) is { Success: true } url)
            {
                return url.Value;
            }

            Assert.False(command.IsCompleted, "the dashboard command ended without printing a URL: " + output);
            await Task.Delay(50);
        }

        throw new TimeoutException("the dashboard command printed no URL within 30 s: " + output);
    }

    /// <summary>A writer the command writes to while the test reads it.</summary>
    private sealed class SharedWriter : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}
