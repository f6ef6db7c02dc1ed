using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration.Runtime.Tests;

/// <summary>A real draft → critique → revise loop, bounded, where running out of iterations is not success.</summary>
public sealed class RefinementTests
{
    private static OrchestrationRegistry Registry(int acceptAtLength, bool withReviser, List<string> log, Action<RefinementHandoff?>? seeHandoff = null)
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Template<string, string>("drafter", (topic, context, _) =>
        {
            var handoff = context.Handoff as RefinementHandoff;
            seeHandoff?.Invoke(handoff);
            log.Add("draft");
            return ValueTask.FromResult(handoff is null ? topic : handoff.PreviousDraftAs<string>() + "+");
        }));
        registry.Templates.Register(TestAgents.Sync<string, Critique>("critic", draft =>
        {
            log.Add("critique");
            return draft.Length >= acceptAtLength ? new Critique(true, "good") : new Critique(false, $"too short ({draft.Length})");
        }));
        registry.Templates.Register(TestAgents.Template<string, string>("reviser", (draft, context, _) =>
        {
            seeHandoff?.Invoke(context.Handoff as RefinementHandoff);
            log.Add("revise");
            return ValueTask.FromResult(draft + "!");
        }));
        var steps = new List<WorkflowStep> { WorkflowStep.Agent("drafter"), WorkflowStep.Agent("critic") };
        if (withReviser)
        {
            steps.Add(WorkflowStep.Agent("reviser"));
        }

        registry.Workflows.Register(new WorkflowDefinition("essay", "refinement", steps));
        return registry;
    }

    [Fact]
    public async Task The_loop_revises_until_the_critic_accepts()
    {
        var log = new List<string>();
        var handoffs = new List<RefinementHandoff?>();
        var registry = Registry(acceptAtLength: 4, withReviser: true, log, handoffs.Add);

        var result = await registry.RunAsync("essay", "ab");

        Assert.Equal(WorkflowStatus.Completed, result.Status);
        var refined = Assert.IsType<Refined<object?>>(result.Output);
        Assert.Equal(("ab!!", 3), (refined.Draft, refined.Iterations));
        Assert.Equal(["too short (2)", "too short (3)", "good"], refined.Critiques.Select(c => c.Feedback));
        Assert.Equal(["draft", "critique", "revise", "critique", "revise", "critique"], log);
        var lastRevision = handoffs.Last()!;
        Assert.Equal(("ab!", "too short (3)", 3), (lastRevision.PreviousDraftAs<string>(), lastRevision.Critique.Feedback, lastRevision.Iteration));
    }

    [Fact]
    public async Task Without_a_reviser_the_drafter_drafts_again_with_the_critique()
    {
        var log = new List<string>();
        var registry = Registry(acceptAtLength: 3, withReviser: false, log);

        var result = await registry.RunAsync("essay", "ab");

        Assert.Equal("ab+", Assert.IsType<Refined<object?>>(result.Output).Draft);
        Assert.Equal(["draft", "critique", "draft", "critique"], log);
    }

    [Fact]
    public async Task Running_out_of_iterations_is_an_explicit_exhausted_outcome_not_success()
    {
        var log = new List<string>();
        var registry = Registry(acceptAtLength: 100, withReviser: true, log);

        var result = await registry.RunAsync("essay", "ab");

        Assert.Equal(WorkflowStatus.Exhausted, result.Status);
        Assert.False(result.Succeeded);
        Assert.Equal(["step 2 'critic': refinement exhausted: 3 critique(s) without acceptance; last feedback: too short (4)"], result.Errors);
        Assert.Equal(3, log.Count(l => l == "critique"));
        Assert.Equal("ab!!", result.Steps.Single(s => s.StepId == "reviser").OutputValue);
        Assert.Throws<WorkflowFailedException>(() => result.Output);
    }

    [Fact]
    public async Task A_failing_drafter_fails_the_run()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("drafter", _ => throw new InvalidOperationException("blank page")));
        registry.Templates.Register(TestAgents.Sync<string, Critique>("critic", _ => new Critique(true, "")));
        registry.Workflows.Register(new WorkflowDefinition("essay", "refinement", [WorkflowStep.Agent("drafter"), WorkflowStep.Agent("critic")]));

        var result = await registry.RunAsync("essay", "x");

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal("drafter", result.FailedStep!.StepId);
    }

    [Fact]
    public void Refinement_needs_a_critic_that_produces_a_critique()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("drafter", s => s));

        var arity = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("essay", "refinement", [WorkflowStep.Agent("drafter")])));
        Assert.StartsWith("Workflow 'essay' uses strategy 'refinement', which needs a drafter, a critic and optionally a reviser (2 or 3 steps), but it has 1.", arity.Message);

        var critic = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("essay", "refinement", [WorkflowStep.Agent("drafter"), WorkflowStep.Agent("drafter")])));
        Assert.StartsWith("Workflow 'essay': Step 2 'drafter' (the critic) produces string but must produce Orchestration.Critique, which says whether the draft is accepted.", critic.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => new RefinementStrategy(0));
    }
}
