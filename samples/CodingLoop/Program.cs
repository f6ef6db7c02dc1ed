using CodingLoop;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestration;
using Orchestration.Commands;
using Orchestration.Records;

// Design → plan → implement, with a coding-agent CLI as the model and a command step that runs the checks: the
// implementation is checked and fixed in a loop until the checks pass, every step recorded, resumable and reported.
//
// The model is a command line. Offline it is tools/fake-coder; with a real CLI, change these options, for example
//   FileName = "claude", Arguments = ["-p", "--output-format", "json"], InheritedEnvironment = [..., "ANTHROPIC_API_KEY"]
// (the prompt then goes on standard input), or FileName = "codex", Arguments = ["exec", "{prompt}"], ReplyProperty = null.
var model = new CommandLineChatClient(new CommandLineChatClientOptions
{
    FileName = "sh",
    Arguments = [Path.Combine(AppContext.BaseDirectory, "tools", "fake-coder")],
    ModelId = "fake-coder",
    ReplyProperty = "result",
    InputTokensProperty = "usage.input_tokens",
    OutputTokensProperty = "usage.output_tokens",
    Timeout = TimeSpan.FromMinutes(5),
    // The stand-in's switch for a provider outage; a real CLI would need its key variable here instead.
    InheritedEnvironment = [.. CommandLine.DefaultInheritedEnvironment, "FAKE_CODER_DOWN"],
});

using var store = new FileRunStore();   // .orchestrate/ in the current directory
using var services = new ServiceCollection()
    .AddSingleton(new Workspace(Path.Combine(Path.GetTempPath(), "orchestration-coding-loop")))
    .AddSingleton<IChatClient>(model)
    .AddOrchestration(o => o.UseStore(store))
    .BuildServiceProvider();

// With arguments, the application's command line: run, resume, show, report... (docs/commands.md).
if (args.Length > 0)
{
    return await OrchestrationCommands.InvokeAsync(args, services, new OrchestrationCommandOptions { CommandName = "CodingLoop", Store = store });
}

var feature = new Feature("slugify", "A shell function that turns a title into a URL slug.");
Console.WriteLine($"feature '{feature.Name}': {feature.Request}");
var result = await FeatureWorkflow.RunAsync(feature, services);
foreach (var step in result.Steps)
{
    Console.WriteLine($"  {step.Index}. {step.StepId,-10} {step.Status,-9} {step.Duration.TotalMilliseconds,6:0} ms  {step.Usage.InputTokens} + {step.Usage.OutputTokens} tokens");
}

if (!result.Succeeded)
{
    Console.Error.WriteLine($"{result.Status}: {string.Join("; ", result.Errors)}");
    Console.Error.WriteLine($"run {result.RunId} is recorded; continue it at the step that failed (what completed is not run again):");
    Console.Error.WriteLine($"  dotnet run --project samples/CodingLoop -- resume {result.RunId}");
    return 1;
}

var refined = result.Output;
Console.WriteLine($"implement: the checks passed after {refined.Iterations} rounds");
for (var i = 0; i < refined.Critiques.Count; i++)
{
    Console.WriteLine($"  round {i + 1}: {(refined.Critiques[i].Accepted ? "passed" : "failed")}");
    foreach (var line in refined.Critiques[i].Feedback.Split('\n'))
    {
        Console.WriteLine($"    {line}");
    }
}

Console.WriteLine($"{refined.Draft.File}:");
Console.Write(refined.Draft.Code);
Console.WriteLine($"run {result.RunId}: records in {store.RunDirectory(result.RunId)}");
Console.WriteLine($"  report: dotnet run --project samples/CodingLoop -- report {result.RunId}");
return 0;
