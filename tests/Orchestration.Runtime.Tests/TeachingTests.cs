using System;
using System.Linq;
using System.Threading.Tasks;
using Orchestration.Strategies;

namespace Orchestration.Runtime.Tests;

/// <summary>attune's teaching behaviours, with its defects fixed: success reflects the final answer.</summary>
public sealed class TeachingTests
{
    private static (OrchestrationRegistry Registry, Func<int> ExpertRuns, Func<TeachingHandoff?> Handoff) Setup(Func<string, AgentContext, string> junior)
    {
        var expertRuns = 0;
        TeachingHandoff? handoff = null;
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Template<string, string>("junior", (q, context, _) => ValueTask.FromResult(junior(q, context))));
        registry.Templates.Register(TestAgents.Template<string, string>("expert", (q, context, _) =>
        {
            expertRuns++;
            handoff = context.Handoff as TeachingHandoff;
            return ValueTask.FromResult("expert: " + q);
        }));
        registry.Workflows.Register(new WorkflowDefinition("docs", "teaching", [WorkflowStep.Agent("junior"), WorkflowStep.Agent("expert")]));
        return (registry, () => expertRuns, () => handoff);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(0.95)]
    public async Task A_junior_at_or_above_the_threshold_is_kept_and_the_expert_never_runs(double confidence)
    {
        var (registry, expertRuns, _) = Setup((q, context) =>
        {
            context.Confidence = confidence;
            return "junior: " + q;
        });

        var result = await registry.RunAsync("docs", "write the guide");

        var taught = Assert.IsType<Taught<object?>>(result.Output);
        Assert.Equal(("junior: write the guide", TeachingPath.Junior, confidence, null), (taught.Output, taught.Path, taught.JuniorConfidence, taught.Reason));
        Assert.Equal(0, expertRuns());
        Assert.Single(result.Steps);
    }

    [Fact]
    public async Task A_junior_below_the_threshold_hands_its_attempt_and_the_reason_to_the_expert()
    {
        var (registry, expertRuns, handoff) = Setup((q, context) =>
        {
            context.Confidence = 0.69;
            return "junior: " + q;
        });

        var result = await registry.RunAsync("docs", "write the guide");

        var taught = Assert.IsType<Taught<object?>>(result.Output);
        Assert.Equal(TeachingPath.Expert, taught.Path);
        Assert.Equal("expert: write the guide", taught.Output);
        Assert.Equal("the junior's confidence 0.69 is below the threshold 0.7", taught.Reason);
        Assert.Equal(1, expertRuns());
        Assert.Equal("junior: write the guide", handoff()!.JuniorOutputAs<string>());
        Assert.Equal(taught.Reason, handoff()!.Reason);
        Assert.Equal(["junior", "expert"], result.Steps.Select(s => s.StepId));
    }

    [Fact]
    public async Task A_failed_junior_rescued_by_the_expert_is_a_success()
    {
        var (registry, _, handoff) = Setup((_, _) => throw new InvalidOperationException("no idea"));

        var result = await registry.RunAsync("docs", "q");

        Assert.Equal(WorkflowStatus.Completed, result.Status);
        var taught = Assert.IsType<Taught<object?>>(result.Output);
        Assert.Equal("the junior failed: InvalidOperationException: no idea", taught.Reason);
        Assert.Null(handoff()!.JuniorOutput);
        Assert.Equal("InvalidOperationException: no idea", handoff()!.JuniorError);
        Assert.False(result.Steps[0].Succeeded);
    }

    [Fact]
    public async Task A_failing_expert_fails_the_run()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("junior", _ => throw new InvalidOperationException("junior broke")));
        registry.Templates.Register(TestAgents.Sync<string, string>("expert", _ => throw new InvalidOperationException("expert broke")));
        registry.Workflows.Register(new WorkflowDefinition("docs", "teaching", [WorkflowStep.Agent("junior"), WorkflowStep.Agent("expert")]));

        var result = await registry.RunAsync("docs", "q");

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal("expert", result.FailedStep!.StepId);
        Assert.Equal(["step 2 'expert': InvalidOperationException: expert broke", "step 1 'junior': InvalidOperationException: junior broke"], result.Errors);
    }

    [Fact]
    public async Task A_junior_that_reports_no_confidence_is_kept()
    {
        var (registry, expertRuns, _) = Setup((q, _) => "junior: " + q);

        var result = await registry.RunAsync("docs", "q");

        Assert.Equal(TeachingPath.Junior, Assert.IsType<Taught<object?>>(result.Output).Path);
        Assert.Equal(0, expertRuns());
    }

    [Fact]
    public void Teaching_needs_exactly_two_steps_of_matching_types()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("junior", s => s));
        registry.Templates.Register(TestAgents.Sync<string, int>("counter", s => s.Length));

        var arity = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("docs", "teaching", [WorkflowStep.Agent("junior")])));
        Assert.StartsWith("Workflow 'docs' uses strategy 'teaching', which needs exactly 2 steps (a junior, then an expert), but it has 1.", arity.Message);

        var types = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("docs", "teaching", [WorkflowStep.Agent("junior"), WorkflowStep.Agent("counter")])));
        Assert.StartsWith("Workflow 'docs': Step 2 'counter' (the expert) produces int, but it must take the junior's input, string, and produce its output, string: both answer the same question.", types.Message);
    }

    [Fact]
    public void The_threshold_must_be_between_zero_and_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TeachingStrategy(1.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TeachingStrategy(double.NaN));
    }
}
