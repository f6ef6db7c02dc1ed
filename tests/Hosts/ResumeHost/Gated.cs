using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestration;
using Orchestration.Records;
using Orchestration.Recovery;

namespace ResumeHost;

/// <summary>The editor's verdict on an outline.</summary>
public sealed record Verdict(bool Approved);

/// <summary>Approval of an outline by a person, answered from another process.</summary>
[InputRequest("approval", Description = "Approve the outline")]
public sealed class Approval : InputRequest<string, Verdict>;

[AgentTemplate("publish")]
public sealed class Publish : IAgent<Answered<string, Verdict>, string>
{
    public async ValueTask<string> RunAsync(Answered<string, Verdict> input, AgentContext context, CancellationToken cancellationToken)
    {
        Calls.Add("publish " + context.Run.RunId);
        if (Environment.GetEnvironmentVariable("ORCHESTRATION_HANG_AT") == "publish")
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        return (input.Response.Approved ? "published " : "rejected ") + input.Request;
    }
}

/// <summary>outline → wait for approval → publish → a delay (ORCHESTRATION_DELAY_SECONDS, 2 by default) → word count.</summary>
[Workflow("gated")]
[Step("outline")]
[Step(Await = "approval")]
[Step("publish")]
[Step(Until = nameof(Later))]
[Step("word_count")]
public static partial class Gated
{
    private static DateTimeOffset Later(string published) =>
        DateTimeOffset.UtcNow.AddSeconds(double.Parse(Environment.GetEnvironmentVariable("ORCHESTRATION_DELAY_SECONDS") is { Length: > 0 } seconds ? seconds : "2", System.Globalization.CultureInfo.InvariantCulture));
}

// gated <root> <runId> <input> starts a gated run (it stops at the approval); respond <root> <runId> <true|false>
// answers it (it runs on to the delay); serve <root> [runId] runs the application with its recovery service, until
// killed or until that run has finished.
public static partial class Program
{
    private static async Task<int> GatedAsync(string[] args)
    {
        Calls.Root = args[1];
        using var store = new FileRunStore(args[1]);
        switch (args[0])
        {
            case "gated":
            {
                var result = await Gated.RunAsync(args[3], options: new WorkflowRunOptions { RunId = args[2], Store = store });
                Console.WriteLine($"{result.Status} {result.Wait?.StepId}");
                return result.Status == WorkflowStatus.Waiting ? 0 : 1;
            }

            case "respond":
            {
                var result = await Gated.RespondAsync(args[2], new Verdict(bool.Parse(args[3])), services: null, new WorkflowRunOptions { Store = store });
                Console.WriteLine($"{result.Status} {result.Wait?.StepId}");
                return result.Status == WorkflowStatus.Waiting ? 0 : 1;
            }

            default:
            {
                var builder = Host.CreateApplicationBuilder();
                builder.Logging.ClearProviders();
                builder.Services.AddOrchestration().AddRunRecovery(options =>
                {
                    options.Store = store;
                    options.PollInterval = TimeSpan.FromMilliseconds(200);
                });
                using var host = builder.Build();
                await host.StartAsync();
                Console.WriteLine("serving");
                while (args.Length < 3 || !store.Load(args[2]).IsFinished)
                {
                    await Task.Delay(100);
                }

                await host.StopAsync();
                Console.WriteLine(store.Load(args[2]).Status);
                return 0;
            }
        }
    }
}
