using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Records;

namespace Orchestration.Commands.Tests;

/// <summary>
/// The application's commands (workflows, validate, run, resume, respond), in process over hand-built workflows, with
/// standard output and the error console recorded apart.
/// </summary>
public sealed class WorkflowCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orchestration-commands-" + Guid.NewGuid().ToString("N"));
    private readonly TestWorkflows _workflows = new();
    private readonly ServiceProvider _services;

    public WorkflowCommandTests()
    {
        _services = new ServiceCollection().AddOrchestrationRegistry((registry, _) => _workflows.Register(registry)).BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private sealed record Outcome(int Code, string Out, string Error);

    private Task<Outcome> App(params string[] args) => AppWith(_services, stdin: null, args);

    private async Task<Outcome> AppWith(IServiceProvider services, string? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var options = new OrchestrationCommandOptions
        {
            CommandName = "myapp",
            Console = TestConsoles.Plain(stdout),
            ErrorConsole = TestConsoles.Plain(stderr),
            Input = new StringReader(stdin ?? string.Empty),
        };
        var code = await OrchestrationCommands.InvokeAsync([.. args, "--root", _root], services, options);
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    private string File(string name, string json)
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, name);
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    private RunRecord Load(string runId)
    {
        using var store = new FileRunStore(_root);
        return store.Load(runId);
    }

    [Fact]
    public async Task Workflows_lists_every_workflow_with_its_strategy_steps_and_types()
    {
        var (code, output, error) = await App("workflows");

        Assert.Equal((0, string.Empty), (code, error));
        Assert.Matches(@"shout\s+│ sequential │ shouter\s+│ Orchestration\.Commands\.Tests\.Article\s+│ Orchestration\.Commands\.Tests\.Shouted\s+│ Shout an article's title", output);
        Assert.Matches(@"review\s+│ sequential │ write → await:editor_approval → publish\s+│ System\.String\s+│ System\.String\s+│ Write a draft, have it approved, publish it", output);
        Assert.Matches(@"later\s+│ sequential │ first → delay:01:00:00 → second", output);
        Assert.Matches(@"untyped\s+│ sequential │ first\s+│ \(not declared\)\s+│ \(not declared\)", output);
    }

    [Fact]
    public async Task Workflows_shows_one_workflow_in_detail_with_its_diagram()
    {
        var review = _services.GetRequiredService<OrchestrationRegistry>().Workflows.Get("review");

        var (code, output, _) = await App("workflows", "review");

        Assert.Equal(0, code);
        Assert.StartsWith("review (sequential): Write a draft, have it approved, publish it\nInput: System.String\nOutput: System.String\nSteps:\n", output);
        Assert.Contains("  1. agent write\n", output);
        Assert.Contains("  2. await editor_approval: sends Orchestration.Commands.Tests.Draft, waits for Orchestration.Commands.Tests.Decision (Approve the draft?), no deadline\n", output);
        Assert.Contains("  3. agent publish\n", output);
        Assert.Contains($"fingerprint: {review.Fingerprint}", output);
        Assert.EndsWith("Diagram (Mermaid):\n" + review.Diagram.TrimEnd('\n') + "\n", output);
    }

    [Fact]
    public async Task Workflows_json_has_every_workflow_with_types_steps_and_diagram()
    {
        var registry = _services.GetRequiredService<OrchestrationRegistry>();

        var (code, output, _) = await App("workflows", "--json");
        var (oneCode, one, _) = await App("workflows", "review", "--json");

        Assert.Equal((0, 0), (code, oneCode));
        using var all = JsonDocument.Parse(output);
        Assert.Equal(["shout", "review", "flaky", "later", "untyped"], all.RootElement.EnumerateArray().Select(w => w.GetProperty("id").GetString()));
        using var document = JsonDocument.Parse(one);
        var review = document.RootElement;
        Assert.Equal(("sequential", "System.String", "System.String"), (review.GetProperty("strategy").GetString(), review.GetProperty("inputType").GetString(), review.GetProperty("outputType").GetString()));
        var wait = review.GetProperty("steps")[1];
        Assert.Equal(("wait", "editor_approval", "Orchestration.Commands.Tests.Draft", "Orchestration.Commands.Tests.Decision", "Approve the draft?"),
            (wait.GetProperty("kind").GetString(), wait.GetProperty("target").GetString(), wait.GetProperty("requestType").GetString(), wait.GetProperty("responseType").GetString(), wait.GetProperty("description").GetString()));
        Assert.Equal(registry.Workflows.Get("review").Diagram, review.GetProperty("diagram").GetString());
        Assert.Equal(3600, all.RootElement[3].GetProperty("steps")[1].GetProperty("delaySeconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, all.RootElement[4].GetProperty("inputType").ValueKind);
    }

    [Fact]
    public async Task An_unknown_workflow_gets_the_registrys_message_with_the_available_ids_and_the_closest()
    {
        var expected = "error: Unknown workflow: reveiw. Available: flaky, later, review, shout, untyped. Did you mean 'review'?\n";
        var input = File("in.json", "\"hello\"");

        var workflows = await App("workflows", "reveiw");
        var validate = await App("validate", "reveiw");
        var run = await App("run", "reveiw", "--input", input);

        foreach (var outcome in new[] { workflows, validate, run })
        {
            Assert.Equal(new Outcome(OrchestrationExitCodes.Error, string.Empty, expected), outcome);
        }
    }

    [Fact]
    public async Task Validate_checks_the_workflow_and_the_input_against_its_type_and_runs_nothing()
    {
        var good = File("good.json", "{\"title\": \"Typed runners\", \"body\": \"Checked at build time\"}");

        var (code, output, error) = await App("validate", "shout", "--input", good);
        var fromStdin = await AppWith(_services, "{\"title\": \"T\", \"body\": \"B\"}", "validate", "shout", "--input", "-");
        var withoutInput = await App("validate", "review");

        Assert.Equal((0, string.Empty), (code, error));
        Assert.Equal(
            "Workflow shout (sequential, 1 step): its strategy, steps, step types and nesting depth check out (registration checked them).\n" +
            "Records: the record serializer reads and writes its input (Orchestration.Commands.Tests.Article) and output (Orchestration.Commands.Tests.Shouted), so its runs can be resumed.\n" +
            $"Input: {good} is a Orchestration.Commands.Tests.Article.\n" +
            "Nothing was run.\n",
            output);
        Assert.Equal(0, fromStdin.Code);
        Assert.Contains("Input: standard input is a Orchestration.Commands.Tests.Article.", fromStdin.Out);
        Assert.Equal(0, withoutInput.Code);
        Assert.DoesNotContain("Input:", withoutInput.Out);
        Assert.Empty(_workflows.Calls);
        Assert.False(Directory.Exists(Path.Combine(_root, "runs")));
    }

    [Fact]
    public async Task Validate_exits_1_with_a_clear_error_for_an_input_that_is_not_of_the_input_type()
    {
        var wrongType = File("wrong.json", "{\"title\": 5, \"body\": \"x\"}");
        var notJson = File("broken.json", "{\"title\": ");
        var nothing = File("null.json", "null");
        var missing = Path.Combine(_root, "missing.json");

        var (wrongCode, _, wrong) = await App("validate", "shout", "--input", wrongType);
        var (brokenCode, _, broken) = await App("validate", "shout", "--input", notJson);
        var (nullCode, _, isNull) = await App("validate", "shout", "--input", nothing);
        var (missingCode, _, absent) = await App("validate", "shout", "--input", missing);
        var (untypedCode, _, untyped) = await App("validate", "untyped");

        Assert.Equal((1, 1, 1, 1, 1), (wrongCode, brokenCode, nullCode, missingCode, untypedCode));
        Assert.StartsWith($"error: The input in {wrongType} is not a Orchestration.Commands.Tests.Article in JSON: ", wrong);
        Assert.Contains("Path: $.title", wrong);
        Assert.StartsWith($"error: The input in {notJson} is not a Orchestration.Commands.Tests.Article in JSON: ", broken);
        Assert.Equal($"error: The input in {nothing} is null; workflow 'shout' takes a Orchestration.Commands.Tests.Article.\n", isNull);
        Assert.Equal($"error: No input file {missing}. Give --input a JSON file, or - to read standard input.\n", absent);
        Assert.StartsWith("error: Workflow 'untyped' was registered without input and output types (created at run time as a WorkflowDefinition), so `myapp run` cannot read its input", untyped);
        Assert.Empty(_workflows.Calls);
    }

    [Fact]
    public async Task A_workflow_graph_that_does_not_register_is_reported_as_registration_states_it()
    {
        using var services = new ServiceCollection().AddOrchestrationRegistry((registry, _) =>
        {
            registry.Templates.Register(new AgentTemplate<string, string>("upper", "upper", typeof(object), _ => throw new InvalidOperationException("never created")));
            registry.Workflows.Register(new WorkflowDefinition("broken", "sequential", [WorkflowStep.Agent("uper")]));
        }).BuildServiceProvider();

        var (code, output, error) = await AppWith(services, null, "validate", "broken");
        var (workflowsCode, _, workflowsError) = await AppWith(services, null, "workflows");

        Assert.Equal((1, string.Empty), (code, output));
        Assert.Equal("error: The application's workflows could not be registered: Workflow 'broken' step 1: Unknown template: uper. Available: upper. Did you mean 'upper'?\n", error);
        Assert.Equal((1, error), (workflowsCode, workflowsError));
    }

    [Fact]
    public async Task Services_without_a_registry_are_an_error_that_says_how_to_add_one()
    {
        using var services = new ServiceCollection().BuildServiceProvider();

        var (code, _, error) = await AppWith(services, null, "workflows");

        Assert.Equal(1, code);
        Assert.Equal("error: The application's services have no OrchestrationRegistry: call services.AddOrchestration() (generated for the application's workflows) before building the service provider.\n", error);
    }

    [Fact]
    public async Task Run_prints_the_output_as_json_on_standard_output_and_progress_on_the_error_console()
    {
        var input = File("article.json", "{\"title\": \"Typed \\\"runners\\\"\", \"body\": \"Checked at build time\"}");

        var (code, output, error) = await App("run", "shout", "--input", input, "--run-id", "first-run");

        Assert.Equal(OrchestrationExitCodes.Success, code);
        Assert.Equal("{\n  \"text\": \"TYPED \\\"RUNNERS\\\"!\",\n  \"words\": 4\n}\n", output);
        Assert.Matches(@"^  step 1 shouter: completed \([\d.]+ m?s\)\nRun first-run of shout completed in [\d.]+ m?s \(1 step\)\.\n$", error);
        var record = Load("first-run");
        Assert.Equal(("shout", "completed"), (record.WorkflowId, record.Status));
    }

    [Fact]
    public async Task Run_reads_its_input_from_standard_input_and_picks_a_run_id_when_none_is_given()
    {
        var (code, output, error) = await AppWith(_services, "{\"title\": \"stdin\", \"body\": \"a b c\"}", "run", "shout", "--input", "-");

        Assert.Equal(0, code);
        Assert.Equal("{\n  \"text\": \"STDIN!\",\n  \"words\": 3\n}\n", output);
        using var store = new FileRunStore(_root);
        var run = Assert.Single(store.List());
        Assert.Contains($"Run {run.RunId} of shout completed", error);
    }

    [Fact]
    public async Task Run_refuses_a_missing_input_an_invalid_run_id_and_a_taken_one()
    {
        var input = File("in.json", "\"hello\"");

        var (missingCode, _, missing) = await App("run", "flaky");
        var (badCode, _, bad) = await App("run", "flaky", "--input", input, "--run-id", "../escape");
        _workflows.Broken = false;
        var (firstCode, _, _) = await App("run", "flaky", "--input", input, "--run-id", "taken");
        var (takenCode, _, taken) = await App("run", "flaky", "--input", input, "--run-id", "taken");

        Assert.Equal(OrchestrationExitCodes.Usage, missingCode);
        Assert.Contains("Option '--input' is required.", missing);
        Assert.Equal((1, "error: Run id '../escape' is not valid: use 1 to 128 letters, digits, '-', '_' or '.', not starting with '.'.\n"), (badCode, bad));
        Assert.Equal((0, 1), (firstCode, takenCode));
        Assert.StartsWith("error: Run 'taken' already has records in ", taken);
        Assert.Equal(1, _workflows.Calls["first"]);
    }

    [Fact]
    public async Task A_run_that_waits_says_what_for_and_how_to_answer_it_and_respond_completes_it()
    {
        var input = File("in.json", "\"hello\"");
        var refused = File("refused.json", "{\"approved\": false}");
        var approved = File("approved.json", "{\"approved\": true}");

        var waiting = await App("run", "review", "--input", input, "--run-id", "r1");
        var waitingRecord = Load("r1");
        var (refusedCode, _, refusal) = await App("respond", "r1", "--input", refused);
        var (otherCode, _, other) = await App("respond", "r1", "--input", approved, "--request", "legal_review");
        var (notJsonCode, _, notJson) = await AppWith(_services, "{\"approved\": ", "respond", "r1", "--input", "-");
        var stillWaiting = Load("r1");
        var answered = await App("respond", "r1", "--input", approved, "--request", "editor_approval");
        var (againCode, _, again) = await App("respond", "r1", "--input", approved);

        Assert.Equal(OrchestrationExitCodes.Waiting, waiting.Code);
        Assert.Equal(string.Empty, waiting.Out);
        Assert.Matches(
            @"^  step 1 write: completed \([\d.]+ m?s\)\n" +
            @"Run r1 of review is waiting: step 2 of review for a response to 'editor_approval' \(Approve the draft\?\), no deadline; answer with a Orchestration\.Commands\.Tests\.Decision\.\n" +
            @"Request: \{\n  ""text"": ""HELLO""\n\}\n" +
            @"Answer it with: myapp respond r1 --input response\.json\n$",
            waiting.Error);
        Assert.Equal("waiting", waitingRecord.Status);

        Assert.Equal(1, refusedCode);
        // The refusal is the runtime's (and the request class's) wording, on one line, without a parameter suffix.
        Assert.StartsWith("error: The response to 'editor_approval' in run 'r1' was refused: a rejection needs a note saying why", refusal);
        Assert.DoesNotContain("(Parameter", refusal);
        Assert.Equal(1, otherCode);
        Assert.Equal("error: Run 'r1' waits for a response to 'editor_approval', not to 'legal_review'; answer the request it waits for.\n", other);
        Assert.Equal(1, notJsonCode);
        Assert.StartsWith("error: The response to 'editor_approval' in run 'r1' is not a Orchestration.Commands.Tests.Decision in JSON: ", notJson);
        Assert.Equal(("waiting", 1), (stillWaiting.Status, stillWaiting.Steps.Count));

        Assert.Equal(OrchestrationExitCodes.Success, answered.Code);
        Assert.Equal("\"published HELLO\"\n", answered.Out);
        Assert.Matches(
            @"^Response to 'editor_approval' recorded; run r1 of review continues\.\n" +
            @"  step 3 publish: completed \([\d.]+ m?s\)\n" +
            @"Run r1 of review completed in [\d.]+ m?s \(3 steps\)\.\n$",
            answered.Error);
        Assert.Equal("completed", Load("r1").Status);
        Assert.Equal(1, againCode);
        Assert.Equal("error: Run 'r1' already completed; there is nothing to continue.\n", again);
        Assert.Equal(1, _workflows.Calls["write"]);
        Assert.Equal(1, _workflows.Calls["publish"]);
    }

    [Fact]
    public async Task A_failed_run_exits_4_and_resume_continues_it_without_rerunning_completed_steps()
    {
        var input = File("in.json", "\"go\"");

        var failed = await App("run", "flaky", "--input", input, "--run-id", "r2");
        _workflows.Broken = false;
        var resumed = await App("resume", "r2");
        var (againCode, _, again) = await App("resume", "r2");

        Assert.Equal(OrchestrationExitCodes.NotCompleted, failed.Code);
        Assert.Equal(string.Empty, failed.Out);
        Assert.Contains("  step 2 second: failed", failed.Error);
        Assert.Contains("Run r2 of flaky failed:\n  step 2 'second': InvalidOperationException: the second step is broken\n", failed.Error);
        Assert.EndsWith("Resume it, once the cause is fixed, from where it stopped: myapp resume r2\n", failed.Error);

        Assert.Equal(OrchestrationExitCodes.Success, resumed.Code);
        Assert.Equal("\"go-1-2\"\n", resumed.Out);
        Assert.StartsWith("Resuming run r2 of flaky (failed, 2 steps recorded).\n  step 2 second: completed", resumed.Error);
        Assert.DoesNotContain("step 1", resumed.Error);
        Assert.Equal((1, 2), (_workflows.Calls["first"], _workflows.Calls["second"]));
        Assert.Equal("completed", Load("r2").Status);
        Assert.Equal((1, "error: Run 'r2' already completed; there is nothing to continue.\n"), (againCode, again));
    }

    [Fact]
    public async Task A_run_waiting_for_a_time_says_when_it_continues_and_resume_refuses_it_before_then()
    {
        var input = File("in.json", "\"soon\"");

        var waiting = await App("run", "later", "--input", input, "--run-id", "r3");
        var early = await App("resume", "r3");

        Assert.Equal(OrchestrationExitCodes.Waiting, waiting.Code);
        Assert.Matches(@"Run r3 of later is waiting: step 2 of later \(a delay\) until \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\.\n", waiting.Error);
        Assert.Matches(@"It continues when due: myapp resume r3 from \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ on \(or the application's recovery service continues it\)\.\n$", waiting.Error);
        Assert.Equal(OrchestrationExitCodes.Error, early.Code);
        Assert.StartsWith("error: Run 'r3' waits until ", early.Error);
        Assert.Equal("waiting", Load("r3").Status);
    }

    [Fact]
    public async Task Resume_and_respond_say_what_is_wrong_with_an_unknown_run_or_a_run_of_another_workflow()
    {
        using (var store = new FileRunStore(_root))
        {
            using var claim = store.Create(new RunRecord("orphan", "gone", "sequential", "running", DateTimeOffset.UtcNow, null, "\"x\"", [], []));
            claim.Finish("failed", ["step 1 'x': it broke"]);
        }

        var answer = File("answer.json", "{\"approved\": true}");
        var (unknownCode, _, unknown) = await App("resume", "nope");
        var (orphanCode, _, orphan) = await App("resume", "orphan");
        var (respondCode, _, respond) = await App("respond", "orphan", "--input", answer);

        Assert.Equal(1, unknownCode);
        Assert.Equal($"error: No run 'nope' in {Path.Combine(_root, "runs")}.\n", unknown);
        Assert.Equal(1, orphanCode);
        Assert.Equal("error: Run 'orphan' is a run of workflow 'gone', which this application does not have. Unknown workflow: gone. Available: flaky, later, review, shout, untyped.\n", orphan);
        Assert.Equal((1, orphan), (respondCode, respond));
    }

    [Fact]
    public async Task The_application_has_the_record_commands_too_with_a_dashboard_that_may_answer()
    {
        var input = File("in.json", "\"hello\"");
        await App("run", "review", "--input", input, "--run-id", "r1");

        var (listCode, list, _) = await App("list");
        var (showCode, shown, _) = await App("show", "r1");
        var (helpCode, help, _) = await App("dashboard", "--help");
        var (rootHelpCode, rootHelp, _) = await App("--help");

        Assert.Equal((0, 0, 0, 0), (listCode, showCode, helpCode, rootHelpCode));
        Assert.Matches(@"r1\s+│ review\s+│ waiting", list);
        Assert.Contains("Waiting: step 2 of review for a response to 'editor_approval' (Approve the draft?), no deadline; answer with a Orchestration.Commands.Tests.Decision", shown);
        Assert.Contains("--allow-responses", help);
        Assert.Contains("Usage:\n  myapp [command] [options]", rootHelp);
        foreach (var command in new[] { "workflows", "validate <workflow>", "run <workflow>", "resume <run-id>", "respond <run-id>", "list", "show <run-id>", "report <run-id>", "tail <run-id>", "dashboard" })
        {
            Assert.Contains("  " + command, rootHelp);
        }
    }

    [Fact]
    public async Task The_applications_dashboard_with_allow_responses_answers_a_waiting_run_which_continues_in_the_application()
    {
        var input = File("in.json", "\"hello\"");
        await App("run", "review", "--input", input, "--run-id", "r1");
        var output = new TestConsoles.SharedWriter();
        using var stop = new CancellationTokenSource();
        var options = new OrchestrationCommandOptions { CommandName = "myapp", Console = TestConsoles.Plain(output) };
        var serving = OrchestrationCommands.InvokeAsync(["dashboard", "--allow-responses", "--root", _root], _services, options, stop.Token);

        var url = await TestConsoles.UrlPrintedBy(output, serving);
        var token = url[(url.IndexOf("?token=", StringComparison.Ordinal) + "?token=".Length)..];
        using var http = new HttpClient { BaseAddress = new Uri(url[..url.IndexOf('?')]) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await http.PostAsync("api/runs/r1/respond", new StringContent("{\"approved\": true}", Encoding.UTF8, "application/json"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Load("r1").Status != "completed" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        stop.Cancel();
        var code = await serving.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        Assert.Equal("completed", Load("r1").Status);
        Assert.Equal("\"published HELLO\"", Load("r1").Steps.Single(s => s.StepId == "publish").Output);
        Assert.Equal(0, code);
        Assert.Contains("Waiting runs can be answered from their page; an answered run continues in this process.", output.ToString());
    }
}
