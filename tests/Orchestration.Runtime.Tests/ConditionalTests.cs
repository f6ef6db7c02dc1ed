using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Orchestration.Runtime.Tests;

/// <summary>attune's conditional and multi-conditional behaviours, with typed predicates and an explicit "no branch".</summary>
public sealed class ConditionalTests
{
    private static OrchestrationRegistry Registry(List<string> ran)
    {
        var registry = new OrchestrationRegistry();
        foreach (var id in new[] { "urgent", "large", "normal" })
        {
            registry.Templates.Register(TestAgents.Sync<int, string>(id, n =>
            {
                ran.Add(id);
                return $"{id}:{n}";
            }));
        }

        return registry;
    }

    [Theory]
    [InlineData(150, "urgent:150", 1)]
    [InlineData(5, "normal:5", 2)]
    public async Task Conditional_runs_the_then_branch_or_the_else_branch(int input, string expected, int branch)
    {
        var ran = new List<string>();
        var registry = Registry(ran);
        registry.Workflows.Register(new WorkflowDefinition("triage", "conditional",
            [WorkflowStep.Agent("urgent").When(x => (int)x! > 100), WorkflowStep.Agent("normal")]));

        var result = await registry.RunAsync("triage", input);

        var branched = Assert.IsType<Branched<object?>>(result.Output);
        Assert.Equal((expected, branch, true), (branched.Output, branched.BranchIndex, branched.Taken));
        Assert.Single(ran);
    }

    [Fact]
    public async Task No_match_without_a_default_is_an_explicit_no_branch_outcome()
    {
        var ran = new List<string>();
        var registry = Registry(ran);
        registry.Workflows.Register(new WorkflowDefinition("triage", "conditional", [WorkflowStep.Agent("urgent").When(x => (int)x! > 100)]));

        var result = await registry.RunAsync("triage", 1);

        Assert.Equal(WorkflowStatus.Completed, result.Status);
        var branched = Assert.IsType<Branched<object?>>(result.Output);
        Assert.Equal((false, null, 0), (branched.Taken, branched.Branch, branched.BranchIndex));
        Assert.Empty(ran);
        Assert.Empty(result.Steps);
    }

    [Theory]
    [InlineData(500, "urgent")]
    [InlineData(50, "large")]
    [InlineData(1, "normal")]
    public async Task Multi_conditional_takes_the_first_match_else_the_default(int input, string expected)
    {
        var ran = new List<string>();
        var registry = Registry(ran);
        registry.Workflows.Register(new WorkflowDefinition("triage", "multi_conditional",
        [
            WorkflowStep.Agent("urgent").When(x => (int)x! > 100),
            WorkflowStep.Agent("large").When(x => (int)x! > 10),
            WorkflowStep.Agent("normal"),
        ]));

        var result = await registry.RunAsync("triage", input);

        Assert.Equal(expected, Assert.IsType<Branched<object?>>(result.Output).Branch);
        Assert.Equal([expected], ran);
    }

    [Fact]
    public async Task A_condition_that_throws_fails_the_run_naming_it()
    {
        var registry = Registry([]);
        registry.Workflows.Register(new WorkflowDefinition("triage", "conditional",
            [WorkflowStep.Agent("urgent").When(_ => throw new FormatException("bad field"))]));

        var result = await registry.RunAsync("triage", 1);

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal("step 1 'urgent': the condition of step 1 threw FormatException: bad field", result.Errors[0]);
    }

    [Fact]
    public void Branches_need_conditions_except_a_final_default()
    {
        var registry = Registry([]);

        var first = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("triage", "conditional", [WorkflowStep.Agent("urgent")])));
        Assert.StartsWith("Step 1 of workflow 'triage' needs a condition", first.Message);

        var unreachable = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("triage", "multi_conditional",
                [WorkflowStep.Agent("urgent").When(_ => true), WorkflowStep.Agent("large"), WorkflowStep.Agent("normal")])));
        Assert.StartsWith("Step 2 of workflow 'triage' has no condition, so it would always run and the steps after it never", unreachable.Message);

        var arity = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("triage", "conditional",
                [WorkflowStep.Agent("urgent").When(_ => true), WorkflowStep.Agent("large").When(_ => true), WorkflowStep.Agent("normal")])));
        Assert.StartsWith("Workflow 'triage' uses strategy 'conditional', which needs a branch with a condition and optionally a default branch (1 or 2 steps), but it has 3.", arity.Message);
    }
}
