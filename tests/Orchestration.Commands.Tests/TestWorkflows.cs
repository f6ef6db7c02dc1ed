using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Commands.Tests;

public sealed record Article(string Title, string Body);

public sealed record Shouted(string Text, int Words);

public sealed record Draft(string Text);

public sealed record Decision(bool Approved, string? Note);

/// <summary>
/// An application's workflows, built by hand as generated code builds them (typed definitions over templates), and
/// registered the way the generated <c>AddOrchestration()</c> registers them.
/// </summary>
internal sealed class TestWorkflows
{
    private readonly object _gate = new();

    /// <summary>How many times each agent ran.</summary>
    public Dictionary<string, int> Calls { get; } = [];

    /// <summary>Whether <c>flaky</c>'s second step still fails.</summary>
    public bool Broken { get; set; } = true;

    /// <summary>
    /// <c>shout</c>: Article → Shouted. <c>review</c>: write → await editor_approval → publish. <c>flaky</c>: first → second,
    /// which fails while <see cref="Broken"/>. <c>later</c>: first → a one-hour delay → second. <c>untyped</c>: a
    /// definition made at run time, without types.
    /// </summary>
    public void Register(OrchestrationRegistry registry)
    {
        var shout = Template<Article, Shouted>("shouter", a => new Shouted(a.Title.ToUpperInvariant() + "!", a.Body.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
        var write = Template<string, Draft>("write", s => new Draft(s.ToUpperInvariant()));
        var publish = Template<Answered<Draft, Decision>, string>("publish", a => a.Response.Approved ? "published " + a.Request.Text : "rejected: " + a.Response.Note);
        var first = Template<string, string>("first", s => s + "-1");
        var second = Template<string, string>("second", s => Broken ? throw new InvalidOperationException("the second step is broken") : s + "-2");
        var approval = new InputRequestDefinition<Draft, Decision>("editor_approval", _ => new Approval(), description: "Approve the draft?");
        foreach (var template in new AgentTemplate[] { shout, write, publish, first, second })
        {
            registry.Templates.Register(template);
        }

        registry.Workflows.Register(new WorkflowDefinition<Article, Shouted>(
            "shout",
            "sequential",
            [WorkflowStep.Agent("shouter")],
            async (input, run, token) =>
            {
                var shouted = await run.RunAgentAsync(1, shout, input, token);
                return shouted.Succeeded ? run.Complete(shouted.Output!) : run.Fail<Shouted>(shouted);
            },
            description: "Shout an article's title"));

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

        registry.Workflows.Register(new WorkflowDefinition<string, string>(
            "flaky",
            "sequential",
            [WorkflowStep.Agent("first"), WorkflowStep.Agent("second")],
            async (input, run, token) =>
            {
                var a = await run.RunAgentAsync(1, first, input, token);
                if (!a.Succeeded)
                {
                    return run.Fail<string>(a);
                }

                var b = await run.RunAgentAsync(2, second, a.Output!, token);
                return b.Succeeded ? run.Complete(b.Output!) : run.Fail<string>(b);
            }));

        registry.Workflows.Register(new WorkflowDefinition<string, string>(
            "later",
            "sequential",
            [WorkflowStep.Agent("first"), WorkflowStep.DelayFor(TimeSpan.FromHours(1)), WorkflowStep.Agent("second")],
            async (input, run, token) =>
            {
                var a = await run.RunAgentAsync(1, first, input, token);
                if (!a.Succeeded)
                {
                    return run.Fail<string>(a);
                }

                var waited = await run.DelayAsync(2, TimeSpan.FromHours(1), a.Output!, token);
                if (!waited.Succeeded)
                {
                    return run.Fail<string>(waited);
                }

                var b = await run.RunAgentAsync(3, second, waited.Output!, token);
                return b.Succeeded ? run.Complete(b.Output!) : run.Fail<string>(b);
            }));

        registry.Workflows.Register(new WorkflowDefinition("untyped", "sequential", [WorkflowStep.Agent("first")]));
    }

    private AgentTemplate<TIn, TOut> Template<TIn, TOut>(string id, Func<TIn, TOut> run) =>
        new(id, $"{id} role", typeof(DelegateAgent<TIn, TOut>), _ => new DelegateAgent<TIn, TOut>(input =>
        {
            lock (_gate)
            {
                Calls[id] = Calls.GetValueOrDefault(id) + 1;
            }

            return run(input);
        }));

    private sealed class DelegateAgent<TIn, TOut>(Func<TIn, TOut> run) : IAgent<TIn, TOut>
    {
        public ValueTask<TOut> RunAsync(TIn input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(run(input));
    }

    private sealed class Approval : InputRequest<Draft, Decision>
    {
        public override string? Validate(Draft request, Decision response) =>
            !response.Approved && string.IsNullOrWhiteSpace(response.Note) ? "a rejection needs a note saying why" : null;
    }
}
