using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Orchestration.Runtime.Tests;

/// <summary>attune's delegation chain with its defects fixed: unknown specialists and failures are reported, not skipped.</summary>
public sealed class DelegationChainTests
{
    private static OrchestrationRegistry Registry(Func<string, DelegationPlan> plan, List<string> log)
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, DelegationPlan>("planner", plan));
        registry.Templates.Register(TestAgents.Template<string, string>("security", (task, context, _) =>
        {
            log.Add("security:" + task);
            return ValueTask.FromResult($"secure ({((DelegationHandoff)context.Handoff!).Input})");
        }));
        registry.Templates.Register(TestAgents.Sync<string, string>("docs", task =>
        {
            log.Add("docs:" + task);
            return task == "explode" ? throw new InvalidOperationException("docs down") : "documented";
        }));
        registry.Templates.Register(TestAgents.Sync<DelegationReports<object?>, string>("synthesizer", reports =>
            string.Join("; ", reports.Reports.Select(r => $"{r.Specialist}: {r.Report}"))));
        registry.Workflows.Register(new WorkflowDefinition("audit", "delegation_chain",
            [WorkflowStep.Agent("planner"), WorkflowStep.Agent("security"), WorkflowStep.Agent("docs"), WorkflowStep.Agent("synthesizer")]));
        return registry;
    }

    [Fact]
    public async Task The_plan_runs_its_specialists_in_order_and_the_synthesizer_combines_their_reports()
    {
        var log = new List<string>();
        var registry = Registry(_ => new DelegationPlan([new("docs", "write the guide"), new("security", "scan deps")]), log);

        var result = await registry.RunAsync("audit", "release 2.0");

        Assert.Equal("docs: documented; security: secure (release 2.0)", result.Output);
        Assert.Equal(["docs:write the guide", "security:scan deps"], log);
    }

    [Fact]
    public async Task A_plan_naming_an_unknown_specialist_fails_with_the_available_names()
    {
        var log = new List<string>();
        var registry = Registry(_ => new DelegationPlan([new("security", "scan"), new("legal", "review")]), log);

        var result = await registry.RunAsync("audit", "release 2.0");

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal("step 1 'planner': the plan assigns 'legal', which is not a specialist of this workflow (security, docs)", result.Errors[0]);
        Assert.Empty(log);
    }

    [Fact]
    public async Task A_failing_specialist_fails_the_chain()
    {
        var log = new List<string>();
        var registry = Registry(_ => new DelegationPlan([new("docs", "explode"), new("security", "scan")]), log);

        var result = await registry.RunAsync("audit", "release 2.0");

        Assert.Equal(WorkflowStatus.Failed, result.Status);
        Assert.Equal("docs", result.FailedStep!.StepId);
        Assert.Equal(["docs:explode"], log);
    }

    [Fact]
    public void A_chain_needs_a_planner_producing_a_plan_specialists_and_a_synthesizer()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("echo", s => s));

        var arity = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("audit", "delegation_chain", [WorkflowStep.Agent("echo"), WorkflowStep.Agent("echo")])));
        Assert.StartsWith("Workflow 'audit' uses strategy 'delegation_chain', which needs a planner, at least 1 specialist and a synthesizer (at least 3 steps), but it has 2.", arity.Message);

        var plan = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("audit", "delegation_chain", [WorkflowStep.Agent("echo"), WorkflowStep.Agent("echo"), WorkflowStep.Agent("echo")])));
        Assert.StartsWith("Workflow 'audit': Step 1 'echo' (the planner) produces string but must produce Orchestration.DelegationPlan, the tasks to delegate.", plan.Message);
    }
}
