using System;
using System.Linq;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration.Runtime.Tests;

/// <summary>Real rounds in which participants see each other's positions, and attune's majority measure.</summary>
public sealed class DebateTests
{
    private static OrchestrationRegistry Registry()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("optimist", _ => "ship"));
        registry.Templates.Register(TestAgents.Sync<string, string>("pessimist", _ => "wait"));

        // Argues "wait" first, then follows the majority of the others' previous positions.
        registry.Templates.Register(TestAgents.Template<string, string>("follower", (_, context, _) =>
        {
            var handoff = (DebateHandoff)context.Handoff!;
            var position = handoff.Round == 1
                ? "wait"
                : handoff.OthersPrevious.GroupBy(p => p.Position).OrderByDescending(g => g.Count()).First().Key as string ?? "wait";
            return ValueTask.FromResult(position);
        }));
        return registry;
    }

    [Fact]
    public async Task Participants_argue_over_rounds_seeing_the_others_previous_positions()
    {
        var registry = Registry();
        registry.Templates.Register(TestAgents.Sync<string, string>("second_optimist", _ => "ship"));
        registry.Workflows.Register(new WorkflowDefinition("release", "debate",
            [WorkflowStep.Agent("optimist"), WorkflowStep.Agent("second_optimist"), WorkflowStep.Agent("follower")]));

        var result = await registry.RunAsync("release", "v2?");

        var transcript = Assert.IsType<DebateTranscript<object?>>(result.Output);
        Assert.Equal(2, transcript.Rounds.Count);
        Assert.Equal(["ship", "ship", "wait"], transcript.Rounds[0].Select(p => p.Position));
        Assert.Equal(["ship", "ship", "ship"], transcript.FinalPositions.Select(p => p.Position));
        Assert.Equal((1.0, true, "ship"), (transcript.Agreement, transcript.ConsensusReached, transcript.MajorityPosition));
    }

    [Fact]
    public async Task Consensus_needs_a_strict_majority()
    {
        var registry = Registry();
        registry.Workflows.Register(new WorkflowDefinition("release", "debate", [WorkflowStep.Agent("optimist"), WorkflowStep.Agent("pessimist")]));

        var result = await registry.RunAsync("release", "v2?");

        var transcript = Assert.IsType<DebateTranscript<object?>>(result.Output);
        Assert.Equal((0.5, false, "ship"), (transcript.Agreement, transcript.ConsensusReached, transcript.MajorityPosition));
    }

    [Fact]
    public async Task A_failing_participant_fails_the_debate()
    {
        var registry = Registry();
        registry.Templates.Register(TestAgents.Sync<string, string>("heckler", _ => throw new InvalidOperationException("walked out")));
        registry.Workflows.Register(new WorkflowDefinition("release", "debate", [WorkflowStep.Agent("optimist"), WorkflowStep.Agent("heckler")]));

        var result = await registry.RunAsync("release", "v2?");

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal("heckler", result.FailedStep!.StepId);
    }

    [Fact]
    public void A_debate_needs_two_participants_arguing_one_type()
    {
        var registry = Registry();
        registry.Templates.Register(TestAgents.Sync<string, int>("counter", s => s.Length));

        var arity = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("release", "debate", [WorkflowStep.Agent("optimist")])));
        Assert.StartsWith("Workflow 'release' uses strategy 'debate', which needs at least 2 participants (and optionally a judge), but it has 1.", arity.Message);

        var types = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("release", "debate", [WorkflowStep.Agent("optimist"), WorkflowStep.Agent("counter")])));
        Assert.StartsWith("Workflow 'release': Step 2 'counter' (a participant) argues int but step 1 'optimist' argues string; participants must argue positions of one type", types.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DebateStrategy(0));
    }
}
