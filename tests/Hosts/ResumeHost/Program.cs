using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration;
using Orchestration.Records;

namespace ResumeHost;

/// <summary>
/// A workflow run in its own process, so that a test can kill it part-way and resume it from its records.
/// <c>run &lt;root&gt; &lt;runId&gt; &lt;input&gt;</c> starts a run; <c>resume &lt;root&gt; &lt;runId&gt;</c> resumes one.
/// With <c>ORCHESTRATION_HANG_AT=draft</c> the draft agent never returns, leaving the run part-way until it is killed;
/// with <c>ORCHESTRATION_FAIL_AT=draft</c> it throws, so the run fails there.
/// <c>prepare &lt;root&gt; &lt;count&gt;</c> leaves runs <c>race-0</c>… failed at the draft; <c>race &lt;root&gt; &lt;count&gt;
/// &lt;startUnixMs&gt; &lt;intervalMs&gt;</c> resumes each of them at its own instant (start + i × interval), so that several
/// processes started alike try the same run at the same moment, and prints one line per run: proceeded or refused.
/// <c>gated</c>, <c>respond</c> and <c>serve</c> drive a workflow that waits for an approval and then delays (see Gated.cs).
/// Every agent call is appended to <c>&lt;root&gt;/calls.log</c>, so the test can tell what ran in which process.
/// </summary>
public static partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length >= 3 && args[0] == "prepare")
        {
            return await PrepareAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
        }

        if (args.Length >= 2 && args[0] is "gated" or "respond" or "serve")
        {
            return await GatedAsync(args);
        }

        if (args.Length >= 5 && args[0] == "race")
        {
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            return await RaceAsync(args[1], int.Parse(args[2], culture), long.Parse(args[3], culture), int.Parse(args[4], culture));
        }

        if (args.Length < 3 || (args[0] is not ("run" or "resume")) || (args[0] == "run" && args.Length < 4))
        {
            Console.Error.WriteLine("usage: ResumeHost run <root> <runId> <input> | resume <root> <runId> | prepare <root> <count> | race <root> <count> <startUnixMs> <intervalMs>");
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

public static partial class Program
{
    private static async Task<int> PrepareAsync(string root, int count)
    {
        Calls.Root = root;
        Draft.FailAlways = true;
        using var store = new FileRunStore(root);
        for (var i = 0; i < count; i++)
        {
            var result = await Article.RunAsync("race " + i, options: new WorkflowRunOptions { RunId = "race-" + i, Store = store });
            if (result.Status != WorkflowStatus.Failed)
            {
                Console.Error.WriteLine($"race-{i} ended {result.Status}, not failed");
                return 1;
            }
        }

        return 0;
    }

    private static async Task<int> RaceAsync(string root, int count, long startUnixMs, int intervalMs)
    {
        Calls.Root = root;
        using var store = new FileRunStore(root);
        var options = new WorkflowRunOptions { Store = store };
        for (var i = 0; i < count; i++)
        {
            // Every racer wakes at the same instant for the same run: spin the last stretch for a tight start.
            var at = DateTimeOffset.FromUnixTimeMilliseconds(startUnixMs + (long)i * intervalMs);
            while (DateTimeOffset.UtcNow < at - TimeSpan.FromMilliseconds(15))
            {
                await Task.Delay(5);
            }

            while (DateTimeOffset.UtcNow < at)
            {
                Thread.SpinWait(50);
            }

            var runId = "race-" + i;
            try
            {
                var result = await Article.ResumeAsync(runId, services: null, options);
                Console.WriteLine($"{runId} proceeded {result.Status}");
            }
            catch (RunClaimedException)
            {
                Console.WriteLine($"{runId} refused held");
            }
            catch (InvalidOperationException ex) when (ex.Message.EndsWith("already completed; there is nothing to continue.", StringComparison.Ordinal))
            {
                Console.WriteLine($"{runId} refused completed");
            }
            catch (Exception ex)
            {
                Console.WriteLine($"{runId} error {ex.GetType().Name}: {ex.Message}");
            }
        }

        return 0;
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
    public static bool FailAlways { get; set; }

    public async ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
    {
        Calls.Add("draft " + context.Run.RunId);
        if (Environment.GetEnvironmentVariable("ORCHESTRATION_HANG_AT") == "draft")
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        if (FailAlways || Environment.GetEnvironmentVariable("ORCHESTRATION_FAIL_AT") == "draft")
        {
            throw new InvalidOperationException("the draft failed on purpose");
        }

        // Long enough for racers that arrive a little late to find the run still held.
        await Task.Delay(10, cancellationToken).ConfigureAwait(false);

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
