using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ContentPipeline;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestration;
using Orchestration.Commands;
using Orchestration.Records;

var article = new Article(
    "Why compile-time checks matter",
    "Agent workflows that wire their steps together with strings break at run time, and some break silently. " +
    "A typo in a strategy name, a dangling reference to another workflow or a mistyped hand-off between two agents should be a build error, " +
    "and with typed runners the compiler checks every step of every workflow before it ever runs. " +
    "Typed results are clear and simple to test, and when a workflow does fail, the result names the step that failed.");

var outputDirectory = Path.Combine(Path.GetTempPath(), "orchestration-sample", "published");

// The editor is a chat agent. Offline, a deterministic stand-in plays the model; to use a real one, register your own
// IChatClient instead (for example an OpenAI, Azure OpenAI or Ollama client from its Microsoft.Extensions.AI package).
var models = new ChatModelOptions();
models.Models[ModelTier.Capable] = OfflineEditor.ModelId;
models.Prices[OfflineEditor.ModelId] = new ModelPrice(inputPerMillionTokens: 0.15m, outputPerMillionTokens: 0.60m);
using var services = new ServiceCollection()
    .AddSingleton(new PublishOptions(outputDirectory))
    .AddSingleton<IChatClient>(new OfflineEditor())
    .AddSingleton(models)
    .AddOrchestration()
    .BuildServiceProvider();

// Every run leaves its records under .orchestrate/runs/<run id>/ (state, events, one log per step), written with
// source-generated JSON metadata so that they can be read back (to resume or answer a run) even when trimmed.
using var store = new FileRunStore();
var options = new WorkflowRunOptions
{
    Progress = new SynchronousProgress(step => Console.WriteLine($"  · {step}")),
    Store = store,
    RecordSerializer = SampleJson.AgentOptions,
};

// With arguments, the application's own command line over its workflows and records: workflows, validate, run,
// resume, respond, list, show, report, tail and dashboard (see docs/commands.md). Without, the tour below.
if (args.Length > 0)
{
    return await OrchestrationCommands.InvokeAsync(args, services, new OrchestrationCommandOptions
    {
        CommandName = Editorial.Command,
        Store = store,
        RunOptions = new WorkflowRunOptions { RecordSerializer = SampleJson.AgentOptions },
    });
}

Console.WriteLine("content_pipeline (sequential):");
WorkflowResult<Published> published = await ContentPipelineWorkflow.RunAsync(article, services, options);
Console.WriteLine($"  → {published.Status}: wrote {published.Output.Path}");
Console.WriteLine($"    tokens {published.Usage.InputTokens} in / {published.Usage.OutputTokens} out, cost ${published.Cost:0.000000} (the editor's model calls)");
var report = Path.Combine(store.RunDirectory(published.RunId), "report.md");
File.WriteAllText(report, RunReport.ToMarkdown(store.Load(published.RunId), ContentPipelineWorkflow.Diagram));
Console.WriteLine($"    run records in {store.RunDirectory(published.RunId)}, report in {report}");
foreach (var post in published.Output.SocialPosts)
{
    Console.WriteLine($"    post: {post}");
}

Console.WriteLine();
Console.WriteLine("review_board (parallel):");
var review = await services.GetRequiredService<ReviewBoard.Runner>().RunAsync(article, options);
var (analysis, seo) = review.Output;
Console.WriteLine($"  → {review.Status}: sentiment {analysis.Sentiment}, readability {analysis.Readability}, keywords [{string.Join(", ", analysis.Keywords)}]");
Console.WriteLine($"    SEO score {seo.Score}: {(seo.Issues.Count == 0 ? "no issues" : string.Join("; ", seo.Issues))}");

Console.WriteLine();
Console.WriteLine("weekly_digest (nested_sequential):");
var digest = await WeeklyDigest.RunAsync(article, services, options);
Console.WriteLine($"  → {digest.Status} in {digest.Duration.TotalMilliseconds:0.#} ms: {digest.Output.Headline}");
Console.WriteLine($"    {digest.Output.Summary}");

Console.WriteLine();
Console.WriteLine("headline (teaching):");
foreach (var candidate in new[] { article, article with { Title = "Why compile-time checks matter for agent workflows in production" } })
{
    var headline = await HeadlineWorkflow.RunAsync(candidate, services, options);
    var taught = headline.Output;
    Console.WriteLine($"  → {taught.Path} kept \"{taught.Output.Text}\"{(taught.Reason is null ? string.Empty : $" ({taught.Reason})")}");
}

Console.WriteLine();
Console.WriteLine("editorial_review (sequential, waits for an editor):");
await Editorial.StartAsync(article, services, options);

Console.WriteLine();
Console.WriteLine("Registry (the dynamic path):");
var registry = services.GetRequiredService<OrchestrationRegistry>();
Console.WriteLine($"  strategies: {string.Join(", ", registry.Strategies.Names)}");
Console.WriteLine($"  templates with capability 'seo': {string.Join(", ", registry.Templates.GetByCapability("seo").Select(t => t.Id))}");
// A name that only arrives at run time (here, from the environment) is checked when it is looked up.
var requested = Environment.GetEnvironmentVariable("SAMPLE_STRATEGY") ?? "sequencial";
try
{
    registry.Strategies.Get(requested);
}
catch (OrchestrationLookupException ex)
{
    Console.WriteLine($"  {ex.Message}");
}

Console.WriteLine();
Console.WriteLine("Diagram of weekly_digest:");
Console.WriteLine(WeeklyDigest.Diagram);
return digest.Succeeded ? 0 : 1;

/// <summary>Starts the editorial review, a workflow that stops to wait for an editor.</summary>
internal static class Editorial
{
    /// <summary>How the README runs the sample's command line.</summary>
    public const string Command = "dotnet run --project samples/ContentPipeline --";

    public static async Task<int> StartAsync(Article article, IServiceProvider services, WorkflowRunOptions options)
    {
        var result = await EditorialReview.RunAsync(article, services, options);
        if (result.Status != WorkflowStatus.Waiting)
        {
            Console.WriteLine($"  → {result.Status}: {string.Join("; ", result.Errors)}");
            return 1;
        }

        Console.WriteLine($"  → {result.Status}: {result.Wait}");
        Console.WriteLine($"    the run is recorded and holds no writer; this process may exit. Answer it from another one:");
        Console.WriteLine($"    {Command} respond {result.RunId} --input samples/ContentPipeline/approve.json");
        return 0;
    }
}

/// <summary>Reports progress on the calling thread, so lines print in order.</summary>
internal sealed class SynchronousProgress(Action<StepResult> report) : IProgress<StepResult>
{
    public void Report(StepResult value) => report(value);
}
