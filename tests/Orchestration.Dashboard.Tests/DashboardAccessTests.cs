using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Orchestration.Records;

namespace Orchestration.Dashboard.Tests;

/// <summary>The dashboard's safety rules over HTTP: where it listens, who it serves, the token, the headers and the one write route.</summary>
public sealed class DashboardAccessTests : IDisposable
{
    private readonly TestRuns _runs = new();

    public void Dispose() => _runs.Dispose();

    private static HttpClient Client(DashboardServer server, bool withToken = true)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        if (withToken)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Options.AccessToken);
        }

        return http;
    }

    [Fact]
    public async Task It_listens_on_127_0_0_1_on_a_free_port_and_reports_the_url_with_its_token()
    {
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.Equal($"http://127.0.0.1:{server.BaseAddress.Port}/?token={server.Options.AccessToken}", server.Url.ToString());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", server.Options.AccessToken);
        Assert.NotEqual(server.Options.AccessToken, new DashboardOptions(_runs.Store).AccessToken);
    }

    [Fact]
    public async Task A_non_loopback_address_is_refused_unless_remote_access_is_allowed()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => DashboardServer.StartAsync(new DashboardOptions(_runs.Store), new DashboardServerOptions { Address = IPAddress.Any }));
        Assert.StartsWith("The dashboard listens on loopback addresses only (127.0.0.1, ::1), not 0.0.0.0: another address would let other machines read run records", refused.Message);
        Assert.Contains("Set DashboardServerOptions.AllowRemote (orchestrate dashboard --allow-remote)", refused.Message);

        await using var allowed = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store), new DashboardServerOptions { Address = IPAddress.Any, AllowRemote = true });
        Assert.Equal("127.0.0.1", allowed.BaseAddress.Host);
        using var http = Client(allowed);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/runs")).StatusCode);
    }

    [Fact]
    public async Task Every_route_but_the_assets_needs_the_token_and_a_wrong_one_is_refused()
    {
        await _runs.Record(TestRuns.Greeting(), "hello", "greet-1");
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));
        using var anonymous = Client(server, withToken: false);
        using var wrong = new HttpClient { BaseAddress = server.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-at-all");

        foreach (var path in new[] { "", "runs/greet-1", "api/runs", "api/runs/greet-1", "api/runs/greet-1/steps", "api/runs/greet-1/events" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("api/runs/greet-1/respond", Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("assets/dashboard.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"api/runs?token={server.Options.AccessToken}")).StatusCode);
    }

    [Fact]
    public async Task Responses_carry_a_content_security_policy_that_forbids_inline_and_remote_scripts()
    {
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));
        using var http = Client(server);

        foreach (var path in new[] { "", "api/runs", "assets/dashboard.js" })
        {
            var response = await http.GetAsync(path);
            Assert.Equal(
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
                response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }

        var script = await http.GetAsync("assets/dashboard.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("innerHTML", await script.Content.ReadAsStringAsync());
        var page = await http.GetStringAsync("");
        Assert.DoesNotContain("<script>", page);
        Assert.DoesNotContain(" style=", page);
    }

    [Fact]
    public async Task The_json_api_lists_runs_with_filters_and_returns_a_run_and_its_steps_with_logs()
    {
        await _runs.Record(TestRuns.Greeting(), "hello", "greet-1");
        await _runs.Record(TestRuns.FailingPipeline(), "dashboards", "pipeline-1");
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));
        using var http = Client(server);

        var all = await http.GetStringAsync("api/runs");
        var failed = await http.GetStringAsync("api/runs?status=failed");
        var greet = await http.GetStringAsync("api/runs?workflow=greet");
        var record = await http.GetStringAsync("api/runs/pipeline-1");
        var steps = await http.GetStringAsync("api/runs/pipeline-1/steps");

        Assert.Contains("\"runId\":\"greet-1\"", all);
        Assert.Contains("\"runId\":\"pipeline-1\"", all);
        Assert.Contains("\"inputTokens\":120", all);
        Assert.DoesNotContain("greet-1", failed);
        Assert.Contains("pipeline-1", failed);
        Assert.DoesNotContain("pipeline-1", greet);
        Assert.Equal(_runs.Store.Load("pipeline-1").ToJson(), record);
        Assert.Contains("\"kind\":\"prompt\",\"text\":\"Write a draft about: dashboards\"", steps);
        Assert.Contains("\"error\":\"InvalidOperationException: the draft has no title\"", steps);
    }

    [Fact]
    public async Task Unknown_and_invalid_run_ids_are_404s_that_say_why()
    {
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));
        using var http = Client(server);

        var missing = await http.GetAsync("api/runs/nope");
        var page = await http.GetAsync("runs/nope");
        var invalid = await http.GetAsync("api/runs/.hidden");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.StartsWith("No run 'nope' in ", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("No run &#x27;nope&#x27; in ", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, invalid.StatusCode);
        Assert.StartsWith("Run id '.hidden' is not valid", await invalid.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_event_stream_of_a_finished_run_sends_its_events_after_the_given_one_and_ends()
    {
        await _runs.Record(TestRuns.Greeting(), "hello", "greet-1");
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store));
        using var http = Client(server);

        var stream = await http.GetStringAsync("api/runs/greet-1/events?after=4");

        var ids = stream.Split('\n').Where(l => l.StartsWith("id: ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["id: 5", "id: 6"], ids);
        Assert.Contains("\"kind\":\"Finished\",", stream);
        Assert.EndsWith("event: end\ndata: {}\n\n", stream);
    }

    [Fact]
    public async Task The_write_route_is_refused_with_403_when_read_only_or_without_a_registry_and_checks_its_caller()
    {
        var (workflow, registry) = TestRuns.Review();
        await _runs.Record(workflow, "hello", "review-1");
        await using var readOnly = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store) { Registry = registry });
        await using var noRegistry = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store) { AllowResponses = true });
        await using var answering = await DashboardServer.StartAsync(new DashboardOptions(_runs.Store) { AllowResponses = true, Registry = registry });
        using var readOnlyHttp = Client(readOnly);
        using var noRegistryHttp = Client(noRegistry);
        using var http = Client(answering);

        var refused = await readOnlyHttp.PostAsync("api/runs/review-1/respond", Json("{\"approved\":true}"));
        var standalone = await noRegistryHttp.PostAsync("api/runs/review-1/respond", Json("{\"approved\":true}"));
        var notJson = await http.PostAsync("api/runs/review-1/respond", new StringContent("{\"approved\":true}", Encoding.UTF8, "text/plain"));
        var crossSite = new HttpRequestMessage(HttpMethod.Post, "api/runs/review-1/respond") { Content = Json("{\"approved\":true}") };
        crossSite.Headers.Add("Origin", "http://evil.example");
        var fromElsewhere = await http.SendAsync(crossSite);
        var badJson = await http.PostAsync("api/runs/review-1/respond", Json("{\"approved\": \"maybe\""));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.StartsWith("This dashboard is read-only", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, standalone.StatusCode);
        Assert.StartsWith("This dashboard has the run records but not the application's workflows", await standalone.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fromElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.StartsWith("The response to 'editor_approval' in run 'review-1' is not a", await badJson.Content.ReadAsStringAsync());
        Assert.Equal("waiting", _runs.Store.Load("review-1").Status);

        var answered = await http.PostAsync("api/runs/review-1/respond", Json("{\"approved\":true}"));
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        Assert.Equal("Response recorded; run 'review-1' continues.\n", await answered.Content.ReadAsStringAsync());
        var again = await http.PostAsync("api/runs/review-1/respond", Json("{\"approved\":true}"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Mapped_into_an_application_it_serves_under_its_prefix_and_refuses_remote_clients_unless_allowed()
    {
        await _runs.Record(TestRuns.Greeting(), "hello", "greet-1");
        var local = new DashboardOptions(_runs.Store);
        var open = new DashboardOptions(_runs.Store) { AllowRemoteClients = true };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.MapOrchestrationDashboard(local);
        app.MapOrchestrationDashboard(open, "/open");
        await app.StartAsync();
        var server = app.GetTestServer();

        var fromHere = await Get(server, "/dashboard/?token=" + local.AccessToken, IPAddress.Loopback);
        var fromElsewhere = await Get(server, "/dashboard/api/runs?token=" + local.AccessToken, IPAddress.Parse("203.0.113.7"));
        var allowed = await Get(server, "/open/api/runs?token=" + open.AccessToken, IPAddress.Parse("203.0.113.7"));
        var page = await Get(server, "/dashboard/runs/greet-1", IPAddress.Loopback, bearer: local.AccessToken);
        var otherToken = await Get(server, "/open/api/runs", IPAddress.Loopback, bearer: local.AccessToken);

        Assert.Equal(HttpStatusCode.SeeOther, fromHere.StatusCode);
        Assert.Equal("/dashboard/", fromHere.Headers.Location!.ToString());
        Assert.Contains("path=/dashboard/", fromHere.Headers.GetValues("Set-Cookie").Single());
        Assert.Equal(HttpStatusCode.Forbidden, fromElsewhere.StatusCode);
        Assert.StartsWith("This dashboard serves only this machine", await fromElsewhere.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("href=\"/dashboard/assets/dashboard.css\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, otherToken.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task Mapped_into_an_application_with_the_respond_flag_and_its_registry_it_answers_a_waiting_run_which_completes_there()
    {
        var (workflow, registry) = TestRuns.Review();
        await _runs.Record(workflow, "hello", "review-1");
        var options = new DashboardOptions(_runs.Store) { AllowResponses = true, Registry = registry };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.MapOrchestrationDashboard(options, "/ops/runs");
        await app.StartAsync();
        using var http = app.GetTestClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.AccessToken);

        var answered = await http.PostAsync("/ops/runs/api/runs/review-1/respond", Json("{\"approved\":true}"));
        var finished = await _runs.Store.FollowAsync("review-1").LastAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        Assert.Equal((RunEventKind.Finished, "completed"), (finished.Kind, finished.Status));
        Assert.Equal("\"published HELLO\"", _runs.Store.Load("review-1").Steps.Single(s => s.StepId == "publish").Output);
        await app.StopAsync();
    }

    private static async Task<HttpResponseMessage> Get(TestServer server, string pathAndQuery, IPAddress client, string? bearer = null)
    {
        var context = await server.SendAsync(c =>
        {
            var (path, query) = pathAndQuery.IndexOf('?') is var q and >= 0 ? (pathAndQuery[..q], pathAndQuery[q..]) : (pathAndQuery, string.Empty);
            c.Request.Method = "GET";
            c.Request.Path = path;
            c.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
            c.Connection.RemoteIpAddress = client;
            if (bearer is not null)
            {
                c.Request.Headers.Authorization = "Bearer " + bearer;
            }
        });
        var response = new HttpResponseMessage((HttpStatusCode)context.Response.StatusCode) { Content = new StreamContent(context.Response.Body) };
        foreach (var header in context.Response.Headers)
        {
            response.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }

        return response;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
