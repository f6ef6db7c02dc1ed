using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Orchestration.Runtime.Tests;

/// <summary>attune's adaptive routing (confidence and tier), with the classifier's failure no longer hidden.</summary>
public sealed class AdaptiveTests
{
    private sealed class Fixture
    {
        public List<string> Ran { get; } = [];

        public AdaptiveHandoff? Handoff { get; private set; }

        public OrchestrationRegistry Registry { get; } = new();

        public Fixture(double? confidence, bool classifierFails = false, params (string Id, ModelTier Tier)[] specialists)
        {
            Registry.Templates.Register(TestAgents.Template<string, string>("classifier", (q, context, _) =>
            {
                Ran.Add("classifier");
                if (classifierFails)
                {
                    throw new InvalidOperationException("cannot classify");
                }

                context.Confidence = confidence;
                return ValueTask.FromResult("kind:" + q);
            }));
            foreach (var (id, tier) in specialists)
            {
                Registry.Templates.Register(TestAgents.Template<string, string>(id, (q, context, _) =>
                {
                    Ran.Add(id);
                    Handoff = context.Handoff as AdaptiveHandoff;
                    return ValueTask.FromResult($"{id} answered {q}");
                }, tier));
            }

            Registry.Workflows.Register(new WorkflowDefinition("route", "adaptive",
                new[] { WorkflowStep.Agent("classifier") }.Concat(specialists.Select(s => WorkflowStep.Agent(s.Id)))));
        }
    }

    private static readonly (string, ModelTier)[] Team = [("premium", ModelTier.Premium), ("cheap", ModelTier.Cheap), ("capable", ModelTier.Capable)];

    [Fact]
    public async Task A_confident_classification_picks_the_cheapest_specialist()
    {
        var fixture = new Fixture(0.9, false, Team);

        var result = await fixture.Registry.RunAsync("route", "q");

        var routed = Assert.IsType<Routed<object?, object?>>(result.Output);
        Assert.Equal(("cheap answered q", "cheap", "kind:q", 0.9), (routed.Output, routed.Specialist, routed.Classification, routed.ClassifierConfidence));
        Assert.Equal("classifier confidence 0.9 is above 0.8: the cheapest specialist", routed.Reason);
        Assert.Equal(["classifier", "cheap"], fixture.Ran);
        Assert.Equal(2, result.Steps.Count);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(0.1)]
    public async Task A_classification_at_or_below_the_threshold_picks_the_most_capable_specialist(double confidence)
    {
        var fixture = new Fixture(confidence, false, Team);

        var result = await fixture.Registry.RunAsync("route", "q");

        Assert.Equal("premium", Assert.IsType<Routed<object?, object?>>(result.Output).Specialist);
        Assert.Equal(["classifier", "premium"], fixture.Ran);
    }

    [Fact]
    public async Task No_confidence_counts_as_not_confident()
    {
        var fixture = new Fixture(null, false, Team);

        var result = await fixture.Registry.RunAsync("route", "q");

        var routed = Assert.IsType<Routed<object?, object?>>(result.Output);
        Assert.Equal(("premium", "the classifier reported no confidence: the most capable specialist"), (routed.Specialist, routed.Reason));
    }

    [Fact]
    public async Task Among_equal_tiers_the_first_declared_wins()
    {
        var fixture = new Fixture(0.95, false, ("first_cheap", ModelTier.Cheap), ("second_cheap", ModelTier.Cheap));

        var result = await fixture.Registry.RunAsync("route", "q");

        Assert.Equal("first_cheap", Assert.IsType<Routed<object?, object?>>(result.Output).Specialist);
    }

    [Fact]
    public async Task The_chosen_specialist_sees_the_classification_and_the_reason()
    {
        var fixture = new Fixture(0.9, false, Team);

        await fixture.Registry.RunAsync("route", "q");

        Assert.Equal("kind:q", fixture.Handoff!.ClassificationAs<string>());
        Assert.Equal(0.9, fixture.Handoff.ClassifierConfidence);
    }

    [Fact]
    public async Task A_failed_classifier_fails_the_run_and_no_specialist_runs()
    {
        var fixture = new Fixture(0.9, true, Team);

        var result = await fixture.Registry.RunAsync("route", "q");

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal("classifier", result.FailedStep!.StepId);
        Assert.Equal(["classifier"], fixture.Ran);
    }

    [Fact]
    public void Adaptive_needs_a_classifier_and_a_specialist_of_matching_types()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("classifier", s => s));
        registry.Templates.Register(TestAgents.Sync<string, string>("words", s => s));
        registry.Templates.Register(TestAgents.Sync<string, int>("count", s => s.Length));

        var arity = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("route", "adaptive", [WorkflowStep.Agent("classifier")])));
        Assert.StartsWith("Workflow 'route' uses strategy 'adaptive', which needs a classifier and at least 1 specialist (at least 2 steps), but it has 1.", arity.Message);

        var types = Assert.Throws<ArgumentException>(() => registry.Workflows.Register(new WorkflowDefinition("route", "adaptive",
            [WorkflowStep.Agent("classifier"), WorkflowStep.Agent("words"), WorkflowStep.Agent("count")])));
        Assert.StartsWith("Workflow 'route': Step 3 'count' (a specialist) produces int but every specialist must produce what step 2 'words' produces, string.", types.Message);
    }
}
