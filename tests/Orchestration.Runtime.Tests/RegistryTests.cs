using System;
using System.Linq;
using Orchestration.Strategies;

namespace Orchestration.Runtime.Tests;

public sealed class RegistryTests
{
    private static OrchestrationRegistry RegistryWithTemplates()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, int>("counter", s => s.Length, ModelTier.Cheap, ["count", "analysis"]));
        registry.Templates.Register(TestAgents.Sync<int, string>("formatter", n => $"#{n}", ModelTier.Capable, ["format"]));
        registry.Templates.Register(TestAgents.Sync<string, string>("shouter", s => s.ToUpperInvariant(), ModelTier.Premium, ["analysis"]));
        return registry;
    }

    [Fact]
    public void A_new_registry_holds_the_built_in_strategies_with_their_shapes()
    {
        var registry = new OrchestrationRegistry();

        Assert.Equal(["adaptive", "conditional", "debate", "delegation_chain", "for_each", "multi_conditional", "nested", "nested_sequential", "parallel", "prompt_cached_sequential", "refinement", "repeat_until", "sequential", "teaching", "tool_enhanced"], registry.Strategies.Names);
        Assert.IsType<SequentialStrategy>(registry.Strategies.Get("sequential"));
        Assert.Equal(StrategyShape.FanOut, registry.Strategies.GetRegistration("parallel").Shape);
        Assert.True(registry.Strategies.GetRegistration("nested_sequential").IsBuiltIn);
        Assert.Equal(StrategyShape.ForEach, registry.Strategies.GetRegistration("for_each").Shape);
        Assert.Equal(StrategyShape.RepeatUntil, registry.Strategies.GetRegistration("repeat_until").Shape);
    }

    [Fact]
    public void Unknown_strategy_lists_sorted_names_and_the_closest_match()
    {
        var ex = Assert.Throws<OrchestrationLookupException>(() => new OrchestrationRegistry().Strategies.Get("sequencial"));

        Assert.Equal(
            "Unknown strategy: sequencial. Available: adaptive, conditional, debate, delegation_chain, for_each, multi_conditional, nested, nested_sequential, parallel, prompt_cached_sequential, refinement, repeat_until, sequential, teaching, tool_enhanced. Did you mean 'sequential'?",
            ex.Message);
        Assert.Equal("sequential", ex.Suggestion);
        Assert.Equal("strategy", ex.Kind);
    }

    [Fact]
    public void Unknown_name_far_from_every_name_gets_no_suggestion()
    {
        var ex = Assert.Throws<OrchestrationLookupException>(() => new OrchestrationRegistry().Workflows.Get("zzz"));

        Assert.Equal("Unknown workflow: zzz. Available: (none registered).", ex.Message);
        Assert.Null(ex.Suggestion);
    }

    [Fact]
    public void Template_lookup_offers_throwing_get_and_non_throwing_try_get()
    {
        var registry = RegistryWithTemplates();

        Assert.Equal("counter", registry.Templates.Get("counter").Id);
        Assert.True(registry.Templates.TryGet("formatter", out var formatter));
        Assert.Equal(typeof(int), formatter.InputType);
        Assert.False(registry.Templates.TryGet("nope", out _));
        Assert.False(registry.Templates.TryGet(null!, out _));
        Assert.False(registry.Templates.TryGet("", out _));
        var ex = Assert.Throws<OrchestrationLookupException>(() => registry.Templates.Get("countr"));
        Assert.Equal("Unknown template: countr. Available: counter, formatter, shouter. Did you mean 'counter'?", ex.Message);
    }

    [Fact]
    public void Templates_are_listed_in_registration_order_and_filtered_by_capability_and_tier()
    {
        var registry = RegistryWithTemplates();

        Assert.Equal(["counter", "formatter", "shouter"], registry.Templates.All.Select(t => t.Id));
        Assert.Equal(["counter", "shouter"], registry.Templates.GetByCapability("analysis").Select(t => t.Id));
        Assert.Empty(registry.Templates.GetByCapability("Analysis"));
        Assert.Equal(["shouter"], registry.Templates.GetByTier(ModelTier.Premium).Select(t => t.Id));
    }

    [Fact]
    public void Registering_a_second_template_with_the_same_id_is_refused_but_the_same_instance_is_idempotent()
    {
        var registry = RegistryWithTemplates();
        var counter = registry.Templates.Get("counter");

        registry.Templates.Register(counter);
        var ex = Assert.Throws<InvalidOperationException>(() => registry.Templates.Register(TestAgents.Sync<string, int>("counter", _ => 0)));

        Assert.Contains("Template 'counter' is already registered", ex.Message);
        Assert.Equal(3, registry.Templates.All.Count);
    }

    [Fact]
    public void Unregister_reports_whether_something_was_removed_and_refuses_while_a_workflow_uses_it()
    {
        var registry = RegistryWithTemplates();
        registry.Workflows.Register(new WorkflowDefinition("count_then_format", "sequential", [WorkflowStep.Agent("counter"), WorkflowStep.Agent("formatter")]));

        var ex = Assert.Throws<InvalidOperationException>(() => registry.Templates.Unregister("counter"));
        Assert.Equal("Template 'counter' is used by workflow(s) 'count_then_format'. Unregister them first.", ex.Message);

        Assert.True(registry.Workflows.Unregister("count_then_format"));
        Assert.False(registry.Workflows.Unregister("count_then_format"));
        Assert.True(registry.Templates.Unregister("counter"));
        Assert.False(registry.Templates.Unregister("counter"));
        Assert.False(registry.Templates.Unregister("never_registered"));
    }

    [Fact]
    public void Snapshots_do_not_change_when_the_registry_does()
    {
        var registry = RegistryWithTemplates();
        var snapshot = registry.Templates.Snapshot();

        registry.Templates.Unregister("shouter");

        Assert.Equal(3, snapshot.Count);
        Assert.Equal(2, registry.Templates.All.Count);
        Assert.True(snapshot.ContainsKey("shouter"));
    }

    [Fact]
    public void Registries_are_independent_instances()
    {
        var first = RegistryWithTemplates();
        var second = new OrchestrationRegistry();

        Assert.Empty(second.Templates.All);
        Assert.Equal(3, first.Templates.All.Count);
    }

    [Fact]
    public void A_workflow_is_validated_when_registered_not_when_run()
    {
        var registry = RegistryWithTemplates();

        var unknownStrategy = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("w", "paralel", [WorkflowStep.Agent("counter")])));
        Assert.StartsWith("Workflow 'w': Unknown strategy: paralel. Available: adaptive, conditional, debate, delegation_chain, for_each, multi_conditional, nested, nested_sequential, parallel, prompt_cached_sequential, refinement, repeat_until, sequential, teaching, tool_enhanced. Did you mean 'parallel'?", unknownStrategy.Message);

        var unknownTemplate = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("formater")])));
        Assert.StartsWith("Workflow 'w' step 1: Unknown template: formater. Available: counter, formatter, shouter. Did you mean 'formatter'?", unknownTemplate.Message);

        var danglingWorkflow = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("w", "nested_sequential", [WorkflowStep.Workflow("missing")])));
        Assert.StartsWith("Workflow 'w' step 1: Unknown workflow: missing.", danglingWorkflow.Message);

        Assert.Empty(registry.Workflows.All);
    }

    [Fact]
    public void A_chain_whose_step_does_not_accept_the_previous_output_is_refused()
    {
        var registry = RegistryWithTemplates();

        var ex = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("w", "sequential", [WorkflowStep.Agent("counter"), WorkflowStep.Agent("shouter")])));

        Assert.StartsWith("Workflow 'w': Step 2 'shouter' takes string but step 1 'counter' produces int.", ex.Message);
    }

    [Fact]
    public void A_fan_out_whose_step_does_not_accept_the_workflow_input_is_refused()
    {
        var registry = RegistryWithTemplates();

        var ex = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("w", "parallel", [WorkflowStep.Agent("counter"), WorkflowStep.Agent("formatter")])));

        Assert.StartsWith("Workflow 'w': Step 2 'formatter' takes int but every step of a fan-out receives the workflow's input, string (the input of step 1 'counter').", ex.Message);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_with_the_full_path()
    {
        var registry = RegistryWithTemplates();
        registry.Workflows.Register(new WorkflowDefinition("d", "sequential", [WorkflowStep.Agent("shouter")]));
        registry.Workflows.Register(new WorkflowDefinition("c", "nested_sequential", [WorkflowStep.Workflow("d")]));
        registry.Workflows.Register(new WorkflowDefinition("b", "nested_sequential", [WorkflowStep.Workflow("c")]));
        registry.Workflows.Register(new WorkflowDefinition("a", "nested_sequential", [WorkflowStep.Workflow("b")]));

        var ex = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("top", "nested_sequential", [WorkflowStep.Workflow("a")])));

        Assert.StartsWith("Workflow 'top' nests 4 levels deep (top → a → b → c → d); the limit is 3 (its own MaxDepth). Flatten the chain or raise MaxDepth.", ex.Message);
        registry.Workflows.Register(new WorkflowDefinition("top", "nested_sequential", [WorkflowStep.Workflow("a")], maxDepth: 4));
    }

    [Fact]
    public void A_workflow_referencing_itself_is_a_cycle()
    {
        var registry = RegistryWithTemplates();

        var ex = Assert.Throws<ArgumentException>(() =>
            registry.Workflows.Register(new WorkflowDefinition("loop", "nested_sequential", [WorkflowStep.Agent("shouter"), WorkflowStep.Workflow("loop")])));

        Assert.StartsWith("Workflow 'loop' is part of a reference cycle: loop → loop; a workflow cannot run itself, directly or through others (step 2).", ex.Message);
    }

    [Fact]
    public void A_referenced_workflow_cannot_be_unregistered()
    {
        var registry = RegistryWithTemplates();
        registry.Workflows.Register(new WorkflowDefinition("inner", "sequential", [WorkflowStep.Agent("shouter")]));
        registry.Workflows.Register(new WorkflowDefinition("outer", "nested_sequential", [WorkflowStep.Workflow("inner")]));

        var ex = Assert.Throws<InvalidOperationException>(() => registry.Workflows.Unregister("inner"));

        Assert.Equal("Workflow 'inner' is referenced by workflow(s) 'outer'. Unregister them first.", ex.Message);
    }

    [Fact]
    public void User_strategies_register_by_name_and_cannot_be_removed_while_used()
    {
        var registry = RegistryWithTemplates();
        registry.Strategies.Register("twice", new SequentialStrategy(), StrategyShape.Chain);
        registry.Workflows.Register(new WorkflowDefinition("w", "twice", [WorkflowStep.Agent("shouter")]));

        Assert.Throws<InvalidOperationException>(() => registry.Strategies.Register("twice", new ParallelStrategy()));
        Assert.Throws<InvalidOperationException>(() => registry.Strategies.Unregister("twice"));
        Assert.Throws<ArgumentException>(() => registry.Strategies.Register(" padded ", new SequentialStrategy()));
        registry.Workflows.Unregister("w");
        Assert.True(registry.Strategies.Unregister("twice"));
    }

    [Theory]
    [InlineData("", "role", "Template id must be a non-empty string.")]
    [InlineData(" id", "role", "Template id ' id' must not start or end with whitespace.")]
    [InlineData("id", " ", "Template 'id': role must be a non-empty string.")]
    public void Templates_are_validated_when_constructed(string id, string role, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new AgentTemplate<string, string>(id, role, typeof(string), _ => throw new InvalidOperationException()));

        Assert.StartsWith(message, ex.Message);
    }

    [Fact]
    public void Resource_requirements_default_to_attune_values_and_are_validated()
    {
        var defaults = ResourceRequirements.Default;
        Assert.Equal((1000, 10000, 300, 512), (defaults.MinTokens, defaults.MaxTokens, defaults.TimeoutSeconds, defaults.MemoryMb));

        Assert.StartsWith("min_tokens must be non-negative.", Assert.Throws<ArgumentOutOfRangeException>(() => new ResourceRequirements(minTokens: -1)).Message);
        Assert.StartsWith("max_tokens must be >= min_tokens (1000).", Assert.Throws<ArgumentOutOfRangeException>(() => new ResourceRequirements(maxTokens: 10)).Message);
        Assert.StartsWith("timeout_seconds must be positive.", Assert.Throws<ArgumentOutOfRangeException>(() => new ResourceRequirements(timeoutSeconds: 0)).Message);
        Assert.StartsWith("memory_mb must be positive.", Assert.Throws<ArgumentOutOfRangeException>(() => new ResourceRequirements(memoryMb: 0)).Message);
    }
}
