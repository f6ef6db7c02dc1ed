using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;

namespace Orchestration.Dashboard.Tests;

public sealed record Draft(string Text);

public sealed record Decision(bool Approved, string? Note);

/// <summary>Workflows built by hand, as a user registering at run time would, and runs of them recorded in a temporary store.</summary>
internal sealed class TestRuns : IDisposable
{
    public const string Hostile = "<img src=x onerror=window.pwned=1><script>window.pwned=2</script>";

    public TestRuns()
    {
        Root = Path.Combine(Path.GetTempPath(), "orchestration-dashboard-" + Guid.NewGuid().ToString("N"));
        Store = new FileRunStore(Root);
    }

    public string Root { get; }

    public FileRunStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    public Task<WorkflowResult<TOut>> Record<TIn, TOut>(WorkflowDefinition<TIn, TOut> workflow, TIn input, string runId) =>
        WorkflowRun.RunAsync(workflow, input, options: new WorkflowRunOptions { RunId = runId, Store = Store }).AsTask();

    /// <summary>greet: upper → exclaim; completes.</summary>
    public static WorkflowDefinition<string, string> Greeting()
    {
        var upper = Agents.Sync<string, string>("upper", s => s.ToUpperInvariant());
        var exclaim = Agents.Sync<string, string>("exclaim", s => s + "!");
        return new WorkflowDefinition<string, string>("greet", "sequential", [WorkflowStep.Agent("upper"), WorkflowStep.Agent("exclaim")], async (input, run, token) =>
        {
            var first = await run.RunAgentAsync(1, upper, input, token);
            if (!first.Succeeded)
            {
                return run.Fail<string>(first);
            }

            var second = await run.RunAgentAsync(2, exclaim, first.Output!, token);
            return second.Succeeded ? run.Complete(second.Output!) : run.Fail<string>(second);
        });
    }

    /// <summary>pipeline: draft (logs a prompt and a reply, uses tokens) → check (throws); fails at step 2.</summary>
    public static WorkflowDefinition<string, string> FailingPipeline()
    {
        var draft = Agents.Template<string, string>("draft", (input, context, _) =>
        {
            context.Log("prompt", "Write a draft about: " + input);
            context.Log("reply", "A draft about " + input);
            context.RecordUsage(new TokenUsage(120, 30), 0.0042m);
            return ValueTask.FromResult("A draft about " + input);
        });
        var check = Agents.Sync<string, string>("check", _ => throw new InvalidOperationException("the draft has no title"));
        return new WorkflowDefinition<string, string>("pipeline", "sequential", [WorkflowStep.Agent("draft"), WorkflowStep.Agent("check")], async (input, run, token) =>
        {
            var first = await run.RunAgentAsync(1, draft, input, token);
            if (!first.Succeeded)
            {
                return run.Fail<string>(first);
            }

            var second = await run.RunAgentAsync(2, check, first.Output!, token);
            return second.Succeeded ? run.Complete(second.Output!) : run.Fail<string>(second);
        });
    }

    /// <summary>echo: returns <see cref="Hostile"/> and logs it as its reply; completes.</summary>
    public static WorkflowDefinition<string, string> HostileEcho()
    {
        var echo = Agents.Template<string, string>("echo", (_, context, _) =>
        {
            context.Log("reply", Hostile);
            return ValueTask.FromResult(Hostile);
        });
        var fail = Agents.Sync<string, string>("fail", _ => throw new FormatException(Hostile));
        return new WorkflowDefinition<string, string>("hostile", "sequential", [WorkflowStep.Agent("echo"), WorkflowStep.Agent("fail")], async (input, run, token) =>
        {
            var first = await run.RunAgentAsync(1, echo, input, token);
            if (!first.Succeeded)
            {
                return run.Fail<string>(first);
            }

            var second = await run.RunAgentAsync(2, fail, first.Output!, token);
            return second.Succeeded ? run.Complete(second.Output!) : run.Fail<string>(second);
        });
    }

    /// <summary>live: quick → slow, where slow says it started and then waits for <paramref name="release"/>.</summary>
    public static WorkflowDefinition<string, string> Live(TaskCompletionSource started, TaskCompletionSource<string> release)
    {
        var quick = Agents.Sync<string, string>("quick", s => s + "-quick");
        var slow = Agents.Template<string, string>("slow", async (input, _, token) =>
        {
            started.TrySetResult();
            return input + "-" + await release.Task.WaitAsync(token);
        });
        return new WorkflowDefinition<string, string>("live", "sequential", [WorkflowStep.Agent("quick"), WorkflowStep.Agent("slow")], async (input, run, token) =>
        {
            var first = await run.RunAgentAsync(1, quick, input, token);
            if (!first.Succeeded)
            {
                return run.Fail<string>(first);
            }

            var second = await run.RunAgentAsync(2, slow, first.Output!, token);
            return second.Succeeded ? run.Complete(second.Output!) : run.Fail<string>(second);
        });
    }

    /// <summary>The review workflow (write → wait for editor_approval → publish), with the registry an application would have.</summary>
    public static (WorkflowDefinition<string, string> Workflow, OrchestrationRegistry Registry) Review()
    {
        var write = Agents.Sync<string, Draft>("write", s => new Draft(s.ToUpperInvariant()));
        var publish = Agents.Sync<Answered<Draft, Decision>, string>("publish", answered =>
            answered.Response.Approved ? "published " + answered.Request.Text : "rejected: " + answered.Response.Note);
        var request = new InputRequestDefinition<Draft, Decision>("editor_approval", _ => new Approval(), deadline: null, "Approve the draft?");
        var workflow = new WorkflowDefinition<string, string>(
            "review",
            "sequential",
            [WorkflowStep.Agent("write"), WorkflowStep.Await(request), WorkflowStep.Agent("publish")],
            async (input, run, token) =>
            {
                var drafted = await run.RunAgentAsync(1, write, input, token);
                if (!drafted.Succeeded)
                {
                    return run.Fail<string>(drafted);
                }

                var approved = await run.AwaitResponseAsync(2, request, drafted.Output!, token);
                if (!approved.Succeeded)
                {
                    return run.Fail<string>(approved);
                }

                var published = await run.RunAgentAsync(3, publish, approved.Output!, token);
                return published.Succeeded ? run.Complete(published.Output!) : run.Fail<string>(published);
            });
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(write);
        registry.Templates.Register(publish);
        registry.Workflows.Register(workflow);
        return (workflow, registry);
    }

    private sealed class Approval : InputRequest<Draft, Decision>
    {
        public override string? Validate(Draft request, Decision response) =>
            !response.Approved && string.IsNullOrWhiteSpace(response.Note) ? "a rejection needs a note saying why" : null;
    }
}

/// <summary>Agents and templates built by hand.</summary>
internal static class Agents
{
    public static AgentTemplate<TIn, TOut> Template<TIn, TOut>(string id, Func<TIn, AgentContext, CancellationToken, ValueTask<TOut>> run) =>
        new(id, $"{id} role", typeof(DelegateAgent<TIn, TOut>), _ => new DelegateAgent<TIn, TOut>(run));

    public static AgentTemplate<TIn, TOut> Sync<TIn, TOut>(string id, Func<TIn, TOut> run) =>
        Template<TIn, TOut>(id, (input, _, _) => ValueTask.FromResult(run(input)));

    public sealed class DelegateAgent<TIn, TOut>(Func<TIn, AgentContext, CancellationToken, ValueTask<TOut>> run) : IAgent<TIn, TOut>
    {
        public ValueTask<TOut> RunAsync(TIn input, AgentContext context, CancellationToken cancellationToken) => run(input, context, cancellationToken);
    }
}
