using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Orchestration;
using Orchestration.Commands;

namespace CommandsHost;

/// <summary>
/// An application whose executable is the orchestration commands over its workflows, as a user would write it, so that
/// tests run it as a real process: redirected output, exit codes, a waiting run answered by another process.
/// <c>headline</c> is generated from its attributes; <c>review</c>, which waits for an editor's approval, is built by
/// hand as generated code builds such workflows (this branch's generator predates <c>[Step(Await = ...)]</c>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var services = new ServiceCollection()
            .AddOrchestration()
            .AddOrchestrationRegistry((registry, _) => Review.Register(registry))
            .BuildServiceProvider();
        return await OrchestrationCommands.InvokeAsync(args, services);
    }
}

public sealed record Article(string Title, string Body);

public sealed record Headline(string Text, int Words);

[AgentTemplate("headline_writer")]
public sealed class HeadlineWriter : IAgent<Article, Headline>
{
    public ValueTask<Headline> RunAsync(Article input, AgentContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Headline($"\"{input.Title}\" — {input.Body.Split(' ')[0]}", input.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
}

/// <summary>One agent: a headline for an article.</summary>
[Workflow("headline", Strategy = "sequential", Description = "Write a headline for an article")]
[Step("headline_writer")]
public static partial class HeadlineWorkflow;

public sealed record Draft(string Text);

public sealed record Decision(bool Approved, string? Note);

/// <summary>write → await editor_approval → publish.</summary>
public static class Review
{
    public static void Register(OrchestrationRegistry registry)
    {
        var write = new AgentTemplate<string, Draft>("write", "writer", typeof(Write), _ => new Write());
        var publish = new AgentTemplate<Answered<Draft, Decision>, string>("publish", "publisher", typeof(Publish), _ => new Publish());
        var approval = new InputRequestDefinition<Draft, Decision>("editor_approval", _ => new EditorApproval(), description: "Approve the draft?");
        registry.Templates.Register(write);
        registry.Templates.Register(publish);
        registry.Workflows.Register(new WorkflowDefinition<string, string>(
            "review",
            "sequential",
            [WorkflowStep.Agent("write"), WorkflowStep.Await(approval), WorkflowStep.Agent("publish")],
            async (input, run, token) =>
            {
                var drafted = await run.RunAgentAsync(1, write, input, token);
                if (!drafted.Succeeded)
                {
                    return run.Fail<string>(drafted);
                }

                var approved = await run.AwaitResponseAsync(2, approval, drafted.Output!, token);
                if (!approved.Succeeded)
                {
                    return run.Fail<string>(approved);
                }

                var published = await run.RunAgentAsync(3, publish, approved.Output!, token);
                return published.Succeeded ? run.Complete(published.Output!) : run.Fail<string>(published);
            },
            description: "Write a draft, have it approved, publish it"));
    }

    private sealed class Write : IAgent<string, Draft>
    {
        public ValueTask<Draft> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new Draft(input.ToUpperInvariant()));
    }

    private sealed class EditorApproval : InputRequest<Draft, Decision>
    {
        public override string? Validate(Draft request, Decision response) =>
            !response.Approved && string.IsNullOrWhiteSpace(response.Note) ? "a rejection needs a note saying why" : null;
    }

    private sealed class Publish : IAgent<Answered<Draft, Decision>, string>
    {
        public ValueTask<string> RunAsync(Answered<Draft, Decision> input, AgentContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(input.Response.Approved ? "published " + input.Request.Text : "rejected: " + input.Response.Note);
    }
}
