using System;
using System.Threading.Tasks;

namespace Orchestration.Runtime.Tests;

/// <summary>django-cfg's execute(pattern, agents, prompt), checked against the registries before anything runs.</summary>
public sealed class DynamicExecutionTests
{
    private static OrchestrationRegistry Registry()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("analyzer", s => $"analysis of {s}"));
        registry.Templates.Register(TestAgents.Sync<string, string>("enhancer", s => $"{s}, enhanced"));
        registry.Templates.Register(TestAgents.Sync<string, int>("counter", s => s.Length));
        return registry;
    }

    [Fact]
    public async Task A_pattern_runs_over_templates_named_at_run_time()
    {
        var registry = Registry();

        var sequential = await registry.ExecuteAsync("sequential", ["analyzer", "enhancer"], "the draft");
        var parallel = await registry.ExecuteAsync("parallel", ["analyzer", "counter"], "the draft");

        Assert.Equal("analysis of the draft, enhanced", sequential.Output);
        Assert.Equal("adhoc_sequential", sequential.WorkflowId);
        Assert.Equal(new object?[] { "analysis of the draft", 9 }, (object?[])parallel.Output!);
        Assert.Empty(registry.Workflows.All);
    }

    [Fact]
    public async Task Unknown_names_and_mismatched_types_are_refused_before_anything_runs()
    {
        var registry = Registry();

        var strategy = await Assert.ThrowsAsync<ArgumentException>(async () => await registry.ExecuteAsync("sequencial", ["analyzer"], "x"));
        Assert.StartsWith("Workflow 'adhoc_sequencial': Unknown strategy: sequencial. Available: adaptive, conditional, debate, delegation_chain, for_each, multi_conditional, nested, nested_sequential, parallel, prompt_cached_sequential, refinement, repeat_until, sequential, teaching, tool_enhanced. Did you mean 'sequential'?", strategy.Message);

        var template = await Assert.ThrowsAsync<ArgumentException>(async () => await registry.ExecuteAsync("sequential", ["analyser"], "x"));
        Assert.StartsWith("Workflow 'adhoc_sequential' step 1: Unknown template: analyser. Available: analyzer, counter, enhancer. Did you mean 'analyzer'?", template.Message);

        var types = await Assert.ThrowsAsync<ArgumentException>(async () => await registry.ExecuteAsync("sequential", ["counter", "enhancer"], "x"));
        Assert.StartsWith("Workflow 'adhoc_sequential': Step 2 'enhancer' takes string but step 1 'counter' produces int.", types.Message);

        var arity = await Assert.ThrowsAsync<ArgumentException>(async () => await registry.ExecuteAsync("teaching", ["analyzer"], "x"));
        Assert.StartsWith("Workflow 'adhoc_teaching' uses strategy 'teaching', which needs exactly 2 steps", arity.Message);
    }
}
