using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration;

namespace ResumeHost;

/// <summary>
/// A workflow run in its own process, so that a test can kill it part-way and resume it from its records.
/// <c>run &lt;root&gt; &lt;runId&gt; &lt;input&gt;</c> starts a run; <c>resume &lt;root&gt; &lt;runId&gt;</c> resumes one.
/// With <c>ORCHESTRATION_HANG_AT=draft</c> the draft agent never returns, leaving the run part-way until it is killed.
/// Every agent call is appended to <c>&lt;root&gt;/calls.log</c>, so the test can tell what ran in which process.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 3 || (args[0] is not ("run" or "resume")) || (args[0] == "run" && args.Length < 4))
        {
            Console.Error.WriteLine("usage: ResumeHost run <root> <runId> <input> | ResumeHost resume <root> <runId>");
            return 2;
        }

        Calls.Root = args[1];
        using var store = new FileRunStore(args[1]);
        var options = new WorkflowRunOptions { RunId = args[2], Store = store };
        var result = args[0] == "run"
            ? await Article.RunAsync(args[3], options: options)
            : await Article.ResumeAsync(args[2], services: null, options);

        var restored = result.Steps.Count(s => s.Restored);
        Console.WriteLine(result.Succeeded ? $"{result.Status} {result.Output} restored={restored}" : $"{result.Status} {string.Join("; ", result.Errors)}");
        return result.Succeeded ? 0 : 1;
    }
}

internal static class Calls
{
    public static string Root { get; set; } = ".";

    public static void Add(string agent) => File.AppendAllText(Path.Combine(Root, "calls.log"), agent + "\n");
}

[AgentTemplate("outline")]
public sealed class Outline : IAgent<string, string>
{
    public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
    {
        Calls.Add("outline");
        return ValueTask.FromResult($"outline of {input}");
    }
}

[AgentTemplate("draft")]
public sealed class Draft : IAgent<string, string>
{
    public async ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
    {
        Calls.Add("draft");
        if (Environment.GetEnvironmentVariable("ORCHESTRATION_HANG_AT") == "draft")
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        return $"draft from {input}".ToUpperInvariant();
    }
}

[AgentTemplate("word_count")]
public sealed class WordCount : IAgent<string, int>
{
    public ValueTask<int> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
    {
        Calls.Add("word_count");
        return ValueTask.FromResult(input.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}

[Workflow("article")]
[Step("outline")]
[Step("draft")]
[Step("word_count")]
public static partial class Article;
