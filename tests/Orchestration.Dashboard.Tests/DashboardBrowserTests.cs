using System;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Orchestration.Dashboard.Tests.Browser;
using Orchestration.Records;
using static Microsoft.Playwright.Assertions;

namespace Orchestration.Dashboard.Tests;

/// <summary>The dashboard in a real browser (headless Debian chromium), over a file store in a temporary directory.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests : IDisposable
{
    private readonly ChromiumFixture _chromium;
    private readonly TestRuns _runs = new();

    public DashboardBrowserTests(ChromiumFixture chromium) => _chromium = chromium;

    public void Dispose() => _runs.Dispose();

    private async Task<IPage> OpenAsync(DashboardServer server, string path = "")
    {
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(server.Url.ToString());
        Assert.Equal(200, response!.Status);
        if (path.Length > 0)
        {
            response = await page.GotoAsync(new Uri(server.BaseAddress, path).ToString());
            Assert.Equal(200, response!.Status);
        }

        return page;
    }

    [Fact]
    public async Task The_run_list_shows_every_run_and_filters_by_status_and_workflow()
    {
        await _runs.Record(TestRuns.Greeting(), "hello", "greet-1");
        await _runs.Record(TestRuns.Greeting(), "again", "greet-2");
        await _runs.Record(TestRuns.FailingPipeline(), "dashboards", "pipeline-1");
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));
        var page = await OpenAsync(server);

        // The token moved from the address into a cookie.
        Assert.DoesNotContain("token=", page.Url);
        var rows = page.Locator("table.runs tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(page.Locator("tr[data-run-id='pipeline-1'] .badge")).ToHaveTextAsync("failed");
        await Expect(page.Locator("tr[data-run-id='pipeline-1']")).ToContainTextAsync("150 (120 in, 30 out)");
        await Expect(page.Locator("tr[data-run-id='pipeline-1']")).ToContainTextAsync("0.0042");
        await Expect(page.Locator("tr[data-run-id='greet-1'] .badge")).ToHaveTextAsync("completed");
        await Screenshots.SaveAsync(page, "run-list");

        await page.SelectOptionAsync("#filter-status", "failed");
        await page.ClickAsync("form.filters button");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-run-id", "pipeline-1");
        Assert.Contains("status=failed", page.Url);
        await Screenshots.SaveAsync(page, "run-list-filtered");

        await page.SelectOptionAsync("#filter-status", "");
        await page.SelectOptionAsync("#filter-workflow", "greet");
        await page.ClickAsync("form.filters button");
        await Expect(rows).ToHaveCountAsync(2);
        Assert.Equal(["greet-1", "greet-2"], (await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.runId)")).Order().ToArray());

        await page.ClickAsync("tr[data-run-id='greet-1'] a");
        await Expect(page.Locator("h1")).ToContainTextAsync("Run greet-1");
    }

    [Fact]
    public async Task A_run_page_shows_the_steps_with_durations_and_attempts_the_error_and_the_step_logs()
    {
        await _runs.Record(TestRuns.FailingPipeline(), "dashboards", "pipeline-1");
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));
        var page = await OpenAsync(server, "runs/pipeline-1");

        await Expect(page.Locator("#run-status")).ToHaveTextAsync("failed");
        var steps = page.Locator("table.steps tbody tr");
        await Expect(steps).ToHaveCountAsync(2);
        await Expect(steps.Nth(0)).ToContainTextAsync("draft");
        await Expect(steps.Nth(0).Locator("td").Nth(3)).ToHaveTextAsync("completed");
        await Expect(steps.Nth(0).Locator("td").Nth(4)).ToHaveTextAsync(new Regex(@"^\d+(\.\d+)? (ms|s)$"));
        await Expect(steps.Nth(0).Locator("td").Nth(5)).ToHaveTextAsync("1");
        await Expect(steps.Nth(1).Locator("td").Nth(3)).ToHaveTextAsync("failed");
        await Expect(steps.Nth(1).Locator("td.error")).ToContainTextAsync("InvalidOperationException: the draft has no title");
        await Expect(page.Locator("#errors")).ToContainTextAsync("step 2 'check'");

        var log = page.Locator("details.step-log[data-step='draft']");
        await log.Locator("summary").ClickAsync();
        await Expect(log.Locator("pre.log-prompt")).ToHaveTextAsync("Write a draft about: dashboards");
        await Expect(log.Locator("pre.log-reply")).ToHaveTextAsync("A draft about dashboards");
        await Expect(log.Locator("pre.output")).ToHaveTextAsync("A draft about dashboards");
        await Expect(page.Locator("#event-list li")).ToHaveCountAsync(6);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "false");
        await Screenshots.SaveAsync(page, "run-page");
    }

    [Fact]
    public async Task The_workflow_diagram_is_drawn_as_svg_with_the_step_names_and_their_status()
    {
        await _runs.Record(TestRuns.FailingPipeline(), "dashboards", "pipeline-1");
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));
        var page = await OpenAsync(server, "runs/pipeline-1");

        var svg = page.Locator("#diagram svg.diagram");
        await Expect(svg).ToBeVisibleAsync();
        var labels = await svg.Locator("g.node text").AllTextContentsAsync();
        Assert.Equal(["String", "1. draft", "2. check", "String"], labels);
        await Expect(svg.Locator("g.node[data-node='s1']")).ToHaveClassAsync(new Regex("status-completed"));
        await Expect(svg.Locator("g.node[data-node='s2']")).ToHaveClassAsync(new Regex("status-failed"));
        await Expect(svg.Locator("path.edge")).ToHaveCountAsync(3);

        // The boxes are laid out left to right, in the order of the steps.
        var xs = await svg.Locator("g.node .shape").EvaluateAllAsync<double[]>("rects => rects.map(r => r.getBBox().x)");
        Assert.Equal(xs.Order().ToArray(), xs);
        await svg.ScreenshotAsync(new LocatorScreenshotOptions { Path = System.IO.Path.Combine(Screenshots.Directory, "diagram.png") });
    }

    [Fact]
    public async Task The_diagram_of_every_built_in_layout_is_drawn_with_all_its_steps()
    {
        var strategies = new[] { ("parallel", 3), ("teaching", 2), ("refinement", 3), ("adaptive", 3), ("conditional", 3), ("debate", 3), ("delegation_chain", 4) };
        foreach (var (strategy, count) in strategies)
        {
            var workflow = new WorkflowDefinition(strategy, strategy, Enumerable.Range(1, count).Select(i => WorkflowStep.Agent("agent_" + i)));
            using var claim = _runs.Store.Create(new RunRecord(strategy, strategy, strategy, "running", DateTimeOffset.UtcNow, null, null, [], [], workflow.Fingerprint, workflow.Diagram));
            claim.Finish("completed", []);
        }

        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));
        var page = await OpenAsync(server);
        foreach (var (strategy, count) in strategies)
        {
            await page.GotoAsync(new Uri(server.BaseAddress, "runs/" + strategy).ToString());
            var svg = page.Locator("#diagram svg.diagram");
            Assert.Equal(Enumerable.Range(1, count).Select(i => $"{i}. agent_{i}"), await svg.Locator("g.node.step text").AllTextContentsAsync());
            await svg.ScreenshotAsync(new LocatorScreenshotOptions { Path = System.IO.Path.Combine(Screenshots.Directory, $"diagram-{strategy}.png") });
        }
    }

    [Fact]
    public async Task A_run_in_progress_updates_its_page_live_without_a_reload()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = _runs.Record(TestRuns.Live(started, release), "go", "live-1");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));
        var page = await OpenAsync(server, "runs/live-1");

        await Expect(page.Locator("#run-status")).ToHaveTextAsync("running");
        await Expect(page.Locator("table.steps tr[data-step='slow']")).ToHaveAttributeAsync("data-status", "running");
        await Expect(page.Locator("#diagram g.node[data-node='s2']")).ToHaveClassAsync(new Regex("status-running"));
        await Expect(page.Locator("#live-indicator")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "live-running");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        release.SetResult("released");
        var result = await run;

        Assert.Equal("go-quick-released", result.Output);
        await Expect(page.Locator("#run-status")).ToHaveTextAsync("completed");
        await Expect(page.Locator("table.steps tr[data-step='slow']")).ToHaveAttributeAsync("data-status", "completed");
        await Expect(page.Locator("#diagram g.node[data-node='s2']")).ToHaveClassAsync(new Regex("status-completed"));
        await Expect(page.Locator("#event-list li").Last).ToContainTextAsync("finished: completed");
        await Expect(page.Locator("#live-indicator")).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        await Screenshots.SaveAsync(page, "live-completed");
    }

    [Fact]
    public async Task Hostile_step_output_input_and_error_are_shown_as_text_and_no_script_runs()
    {
        await _runs.Record(TestRuns.HostileEcho(), TestRuns.Hostile, "hostile-1");
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));
        var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var violations = 0;
        page.Console += (_, message) => violations += message.Text.Contains("Content Security Policy", StringComparison.Ordinal) ? 1 : 0;
        await page.GotoAsync(server.Url.ToString());
        var response = await page.GotoAsync(new Uri(server.BaseAddress, "runs/hostile-1").ToString());

        Assert.Contains("script-src 'self'", response!.Headers["content-security-policy"]);
        await page.Locator("details.step-log[data-step='echo'] summary").ClickAsync();
        await page.Locator("#input-details summary").ClickAsync();
        await Expect(page.Locator("details.step-log[data-step='echo'] pre.output")).ToHaveTextAsync(TestRuns.Hostile);
        await Expect(page.Locator("details.step-log[data-step='echo'] pre.log-reply")).ToHaveTextAsync(TestRuns.Hostile);
        await Expect(page.Locator("#input-details pre")).ToHaveTextAsync(TestRuns.Hostile);
        await Expect(page.Locator("table.steps tr[data-step='fail'] td.error")).ToHaveTextAsync("FormatException: " + TestRuns.Hostile);
        await page.WaitForTimeoutAsync(200);

        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.pwned"));
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(1, await page.EvaluateAsync<int>("() => document.scripts.length"));
        Assert.Equal(0, violations);
        await Screenshots.SaveAsync(page, "hostile-output");
        await context.DisposeAsync();
    }

    [Fact]
    public async Task A_read_only_dashboard_shows_what_a_run_waits_for_and_refuses_to_answer_with_403()
    {
        var (workflow, registry) = TestRuns.Review();
        await _runs.Record(workflow, "hello", "review-1");
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store) { Registry = registry });
        var page = await OpenAsync(server, "runs/review-1");

        await Expect(page.Locator("#run-status")).ToHaveTextAsync("waiting");
        await Expect(page.Locator("#wait")).ToContainTextAsync("waits for a response to editor_approval: Approve the draft?");
        await Expect(page.Locator("#wait pre.request")).ToContainTextAsync("\"text\": \"HELLO\"");
        await Expect(page.Locator("#respond-disabled")).ToContainTextAsync("This dashboard is read-only");
        await Expect(page.Locator("#respond-form")).ToHaveCountAsync(0);
        await Expect(page.Locator("#diagram g.node[data-node='s2']")).ToHaveClassAsync(new Regex("status-waiting"));
        await Screenshots.SaveAsync(page, "waiting-read-only");

        var refused = await page.EvaluateAsync<string[]>(
            "async () => { const r = await fetch('/api/runs/review-1/respond', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{\"approved\":true}' }); return [String(r.status), await r.text()]; }");
        Assert.Equal("403", refused[0]);
        Assert.StartsWith("This dashboard is read-only: it was started without allowing responses", refused[1]);
        Assert.Equal("waiting", _runs.Store.Load("review-1").Status);
    }

    [Fact]
    public async Task A_dashboard_given_the_respond_flag_and_the_registry_answers_a_waiting_run_from_the_page_and_the_run_completes()
    {
        var (workflow, registry) = TestRuns.Review();
        await _runs.Record(workflow, "hello", "review-1");
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store) { AllowResponses = true, Registry = registry });
        var page = await OpenAsync(server, "runs/review-1");
        await Expect(page.Locator("#respond-form")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        // A refused answer says why and changes nothing.
        await page.FillAsync("#respond-json", "{\"approved\": false}");
        await page.ClickAsync("#respond-submit");
        await Expect(page.Locator("#respond-result")).ToHaveTextAsync("The response to 'editor_approval' in run 'review-1' was refused: a rejection needs a note saying why.");
        Assert.Equal("waiting", _runs.Store.Load("review-1").Status);
        await Screenshots.SaveAsync(page, "waiting-refused-answer");

        await page.FillAsync("#respond-json", "{\"approved\": true}");
        await page.ClickAsync("#respond-submit");

        await Expect(page.Locator("#run-status")).ToHaveTextAsync("completed");
        await Expect(page.Locator("#wait")).ToBeHiddenAsync();
        await Expect(page.Locator("table.steps tr[data-step='publish']")).ToHaveAttributeAsync("data-status", "completed");
        await page.Locator("details.step-log[data-step='publish'] summary").ClickAsync();
        await Expect(page.Locator("details.step-log[data-step='publish'] pre.output")).ToHaveTextAsync("published HELLO");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        Assert.Equal("completed", _runs.Store.Load("review-1").Status);
        await Screenshots.SaveAsync(page, "answered-from-the-page");
    }

    [Fact]
    public async Task A_request_without_the_token_is_refused_with_401_and_the_token_is_accepted_once_then_kept_in_a_cookie()
    {
        await _runs.Record(TestRuns.Greeting(), "hello", "greet-1");
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));
        var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var refused = await page.GotoAsync(server.BaseAddress.ToString());
        Assert.Equal(401, refused!.Status);
        await Expect(page.Locator("body")).ToContainTextAsync("This dashboard needs its access token");
        await Screenshots.SaveAsync(page, "no-token");

        var wrong = await page.GotoAsync(new Uri(server.BaseAddress, "?token=" + new string('x', 43)).ToString());
        Assert.Equal(401, wrong!.Status);

        var accepted = await page.GotoAsync(server.Url.ToString());
        Assert.Equal(200, accepted!.Status);
        Assert.Equal(server.BaseAddress.ToString(), page.Url);
        var cookie = Assert.Single(await context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        var run = await page.GotoAsync(new Uri(server.BaseAddress, "runs/greet-1").ToString());
        Assert.Equal(200, run!.Status);
        await context.DisposeAsync();

        // The JSON API takes the token as a bearer header.
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal(401, (int)(await http.GetAsync("api/runs")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.Options.AccessToken);
        Assert.Contains("\"runId\":\"greet-1\"", await http.GetStringAsync("api/runs"));
    }
}
