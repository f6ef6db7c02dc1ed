using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Commands.Records;
using Orchestration.Records;
using Spectre.Console;

namespace Orchestration.Commands.Tests;

/// <summary>The record commands (list, show, report, tail, dashboard), as the orchestrate tool runs them, in process with a recording console.</summary>
public sealed class RecordCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orchestration-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private Task<(int Code, string Output)> Orchestrate(params string[] args) => OrchestrateIn(_root, args);

    /// <summary>The tool's commands over <paramref name="root"/>; output and errors go to one recording console.</summary>
    private static async Task<(int Code, string Output)> OrchestrateIn(string root, params string[] args)
    {
        var text = new StringWriter();
        var code = await OrchestrationCommands.InvokeRecordCommandsAsync([.. args, "--root", root], Tool(TestConsoles.Plain(text)));
        return (code, text.ToString());
    }

    private static OrchestrationCommandOptions Tool(IAnsiConsole console) => new() { CommandName = "orchestrate", Console = console };

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
        Directory.CreateDirectory(_root);

        var (code, output) = await Orchestrate("list");
        var (jsonCode, json) = await Orchestrate("list", "--json");

        Assert.Equal(0, code);
        Assert.Contains($"No runs in {Path.Combine(_root, "runs")}.", output);
        Assert.Contains($"Runs are recorded where WorkflowRunOptions.Store says, such as new FileRunStore(\"{_root}\").", output);
        Assert.Equal((0, "[]\n"), (jsonCode, json));
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
        Assert.Equal((0, RelaxedJson.Rewrite(record.ToJson()) + "\n"), json);
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
        Assert.Equal("error: Run id '../outside' is not valid: use 1 to 128 letters, digits, '-', '_' or '.', not starting with '.'.\n", escape.Output);
        Assert.Equal(1, torn.Code);
        Assert.Contains("is not a valid run record", torn.Output);
        Assert.Equal(OrchestrationExitCodes.Usage, format.Code);
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
        var output = new TestConsoles.SharedWriter();
        using var stop = new CancellationTokenSource();
        var serving = OrchestrationCommands.InvokeRecordCommandsAsync(["dashboard", "--root", _root], Tool(TestConsoles.Plain(output)), stop.Token);

        var url = await TestConsoles.UrlPrintedBy(output, serving);
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
        Directory.CreateDirectory(_root);
        var (remoteCode, remote) = await Orchestrate("dashboard", "--address", "0.0.0.0");
        var (nameCode, name) = await Orchestrate("dashboard", "--address", "example.org");

        Assert.Equal(1, remoteCode);
        Assert.StartsWith("error: The dashboard listens on loopback addresses only (127.0.0.1, ::1), not 0.0.0.0", remote);
        Assert.Contains("--allow-remote", remote);
        Assert.Equal(1, nameCode);
        Assert.StartsWith("error: --address 'example.org' is not an IP address", name);
    }

    [Fact]
    public async Task Help_names_the_tool_orchestrate_and_lists_only_the_record_commands()
    {
        var (code, output) = await Orchestrate("--help");

        Assert.Equal(0, code);
        Assert.Contains("Usage:\n  orchestrate [command] [options]", output);
        Assert.DoesNotContain("Orchestration.Cli", output);
        Assert.Contains("list", output);
        Assert.Contains("dashboard", output);
        Assert.DoesNotContain("run <workflow>", output);
        Assert.Contains("OrchestrationCommands.InvokeAsync", output);
    }

    [Fact]
    public async Task A_command_line_that_does_not_parse_exits_2_with_the_error_and_help()
    {
        var (code, output) = await Orchestrate("lst");

        Assert.Equal(OrchestrationExitCodes.Usage, code);
        Assert.Contains("Unrecognized command or argument 'lst'", output);
        Assert.Contains("Usage:", output);
    }

    [Fact]
    public async Task Malformed_numbers_are_usage_errors_in_words_not_dotnet_type_names()
    {
        var (textCode, text) = await Orchestrate("tail", "some-run", "--timeout", "abc");
        var (zeroCode, zero) = await Orchestrate("tail", "some-run", "--timeout", "0");
        var (portCode, port) = await Orchestrate("dashboard", "--port", "http");

        Assert.Equal(OrchestrationExitCodes.Usage, textCode);
        Assert.Contains("--timeout takes a number of seconds greater than 0, such as 30 or 0.5; 'abc' is not one.", text);
        Assert.DoesNotContain("System.", text);
        Assert.Equal(OrchestrationExitCodes.Usage, zeroCode);
        Assert.Contains("--timeout takes a number of seconds greater than 0, such as 30 or 0.5; '0' is not one.", zero);
        Assert.Equal(OrchestrationExitCodes.Usage, portCode);
        Assert.Contains("--port takes a port number from 0 to 65535 (0 for any free port); 'http' is not one.", port);
        Assert.DoesNotContain("System.", port);
    }

    [Fact]
    public async Task A_root_that_does_not_exist_is_an_error_that_names_it_not_an_empty_store()
    {
        var missing = Path.Combine(_root, "nowhere");
        string[][] commands = [["list"], ["list", "--json"], ["show", "r1"], ["report", "r1"], ["tail", "r1"], ["dashboard"]];

        foreach (var command in commands)
        {
            var (code, output) = await OrchestrateIn(missing, command);

            Assert.Equal(OrchestrationExitCodes.Error, code);
            Assert.StartsWith($"error: No run store at {missing}: the directory does not exist. Pass --root with the directory the runs were recorded in", output);
        }

        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task Show_says_the_cost_is_unknown_without_a_price_and_counts_only_agent_tokens()
    {
        await Record(Registry(), "shout", "unpriced");
        using (var store = new FileRunStore(_root))
        {
            using var claim = store.Create(new RunRecord("priced", "outer", "sequential", "running", DateTimeOffset.UtcNow, null, null, [], []));
            claim.StepFinished(new StepRecord("outer/inner", 1, "writer", "agent", "completed", 12, 1, null, new TokenUsage(100, 50), 0.0015m, "\"x\"", null));
            claim.StepFinished(new StepRecord("outer", 1, "inner", "workflow", "completed", 13, 1, null, new TokenUsage(100, 50), 0.0015m, "\"x\"", null));
            claim.Finish("completed", []);
        }

        var (unpricedCode, unpriced) = await Orchestrate("show", "unpriced");
        var (pricedCode, priced) = await Orchestrate("show", "priced");

        Assert.Equal((0, 0), (unpricedCode, pricedCode));
        Assert.Contains("Steps: 1, tokens: 0, cost: unknown", unpriced);
        Assert.DoesNotContain("cost: 0", unpriced);
        Assert.Contains("Steps: 2, tokens: 150, cost: 0.0015", priced);
    }

    [Fact]
    public async Task Json_reports_and_records_are_readably_escaped()
    {
        var registry = Registry();
        registry.Templates.Register(Agent<string, string>("quoting", _ => throw new FormatException("bad \"input\" <b> & é")));
        registry.Workflows.Register(new WorkflowDefinition("quotes", "sequential", [WorkflowStep.Agent("quoting")]));
        await Record(registry, "quotes", "quoted");

        var (reportCode, report) = await Orchestrate("report", "quoted", "--format", "json");
        var (showCode, shown) = await Orchestrate("show", "quoted", "--json");

        Assert.Equal((0, 0), (reportCode, showCode));
        foreach (var json in new[] { report, shown })
        {
            Assert.Contains("FormatException: bad \\\"input\\\" <b> & é", json);
            Assert.DoesNotContain("\\u0022", json);
            Assert.DoesNotContain("\\u003C", json);
            Assert.DoesNotContain("\\u0026", json);
            using var document = JsonDocument.Parse(json);
            Assert.Equal("step 1 'quoting': FormatException: bad \"input\" <b> & é", document.RootElement.GetProperty("errors")[0].GetString());
        }

        Assert.Equal(report, shown);
    }

    [Fact]
    public async Task List_and_show_print_json_for_scripts()
    {
        var registry = Registry();
        await Record(registry, "shout", "good-run");
        await Record(registry, "fails", "bad-run");
        Directory.CreateDirectory(Path.Combine(_root, "runs", "torn-run"));
        File.WriteAllText(Path.Combine(_root, "runs", "torn-run", "state.json"), "{");

        var (listCode, list) = await Orchestrate("list", "--json");
        var (showCode, shown) = await Orchestrate("show", "bad-run", "--json");

        Assert.Equal((0, 0), (listCode, showCode));
        using var runs = JsonDocument.Parse(list);
        var byId = runs.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("runId").GetString()!);
        Assert.Equal(["bad-run", "good-run", "torn-run"], byId.Keys.Order());
        Assert.Equal(("shout", "sequential", "completed", 1), (byId["good-run"].GetProperty("workflowId").GetString(), byId["good-run"].GetProperty("strategy").GetString(), byId["good-run"].GetProperty("status").GetString(), byId["good-run"].GetProperty("steps").GetInt32()));
        Assert.True(byId["good-run"].TryGetProperty("durationMs", out _));
        Assert.False(byId["good-run"].TryGetProperty("cost", out _));
        Assert.Equal("failed", byId["bad-run"].GetProperty("status").GetString());
        Assert.Equal("unreadable", byId["torn-run"].GetProperty("status").GetString());
        Assert.Contains("is not a valid run record", byId["torn-run"].GetProperty("problem").GetString());
        using var record = JsonDocument.Parse(shown);
        Assert.Equal(("bad-run", "fails", "failed"), (record.RootElement.GetProperty("runId").GetString(), record.RootElement.GetProperty("workflowId").GetString(), record.RootElement.GetProperty("status").GetString()));
        Assert.Equal(["upper", "broken"], record.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("stepId").GetString()));
    }

    [Fact]
    public async Task Redirected_output_has_no_escape_codes_and_never_wraps_a_run_id()
    {
        var longId = "nightly-" + new string('x', 100) + "-end";
        await Record(Registry(), "fails", longId);
        var text = new StringWriter();
        var tool = Tool(Terminal.TerminalConsoles.Create(text, redirected: true));

        var list = await OrchestrationCommands.InvokeRecordCommandsAsync(["list", "--root", _root], tool);
        var show = await OrchestrationCommands.InvokeRecordCommandsAsync(["show", longId, "--root", _root], tool);
        var output = text.ToString();

        Assert.Equal((0, 0), (list, show));
        Assert.DoesNotContain('\u001b', output);
        Assert.Matches($@"(?m)^│ {longId} │ fails\s+│ failed\s+│", output);
        Assert.Contains($"Run {longId}: workflow fails (sequential)", output);
        Assert.Matches(@"(?m)^│ fails\s+│ 2 │ broken\s+│ failed\s+│.*│ FormatException: bad input\s+│$", output);
    }
}
