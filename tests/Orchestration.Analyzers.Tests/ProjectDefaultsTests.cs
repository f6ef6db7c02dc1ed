using System.Collections.Generic;
using System.Linq;

namespace Orchestration.Analyzers.Tests;

/// <summary>The nesting limit can be set per workflow, per assembly (attribute) and per project (MSBuild property).</summary>
public sealed class ProjectDefaultsTests
{
    private const string Chain = AnalyzerHarness.Usings + """
        namespace Deep;

        [AgentTemplate("leaf")]
        public sealed class Leaf : IAgent<int, int>
        {
            public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input + 1);
        }

        [Workflow("l0")] [Step("leaf")] public static partial class L0;
        [Workflow("l1", Strategy = "nested_sequential")] [Step(Workflow = "l0")] public static partial class L1;
        [Workflow("l2", Strategy = "nested_sequential")] [Step(Workflow = "l1")] public static partial class L2;
        [Workflow("l3", Strategy = "nested_sequential")] [Step(Workflow = "l2")] public static partial class L3;
        [Workflow("l4", Strategy = "nested_sequential")] [Step(Workflow = "l3")] public static partial class L4;
        """;

    private const string Defaults = "[assembly: Orchestration.OrchestrationDefaults(MaxDepth = 4)]\n";

    [Fact]
    public void Without_a_project_default_the_limit_is_three()
    {
        var diagnostics = AnalyzerHarness.Analyze(AnalyzerHarness.Compile([(Chain, "Chain.cs")]));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("Workflow 'l4' nests 4 levels deep (l4 → l3 → l2 → l1 → l0); the limit is 3 (the default). Flatten the chain or raise MaxDepth.", diagnostic.GetMessage());
    }

    [Fact]
    public void The_assembly_attribute_raises_the_limit_for_workflows_that_do_not_set_their_own()
    {
        AnalyzerHarness.AssertNone([(Chain, "Chain.cs"), (Defaults, "Defaults.cs")]);

        var diagnostics = AnalyzerHarness.Analyze(AnalyzerHarness.Compile(
            [(Chain.Replace("[Workflow(\"l4\", Strategy = \"nested_sequential\")]", "[Workflow(\"l4\", Strategy = \"nested_sequential\", MaxDepth = 2)]"), "Chain.cs"), (Defaults, "Defaults.cs")]));
        Assert.Equal("Workflow 'l4' nests 4 levels deep (l4 → l3 → l2 → l1 → l0); the limit is 2 (its own MaxDepth). Flatten the chain or raise MaxDepth.", Assert.Single(diagnostics).GetMessage());
    }

    [Fact]
    public void The_msbuild_property_sets_the_limit_and_the_attribute_wins_over_it()
    {
        var strict = new TestOptions(new Dictionary<string, string> { ["build_property.OrchestrationMaxDepth"] = "2" });

        var diagnostics = AnalyzerHarness.Analyze(AnalyzerHarness.Compile([(Chain, "Chain.cs")]), strict);
        Assert.Equal(
            [
                "Workflow 'l3' nests 3 levels deep (l3 → l2 → l1 → l0); the limit is 2 (the MSBuild property OrchestrationMaxDepth). Flatten the chain or raise MaxDepth.",
                "Workflow 'l4' nests 4 levels deep (l4 → l3 → l2 → l1 → l0); the limit is 2 (the MSBuild property OrchestrationMaxDepth). Flatten the chain or raise MaxDepth.",
            ],
            diagnostics.Select(d => d.GetMessage()));

        Assert.Empty(AnalyzerHarness.Analyze(AnalyzerHarness.Compile([(Chain, "Chain.cs"), (Defaults, "Defaults.cs")]), strict));
    }

    [Fact]
    public void The_message_names_the_assembly_attribute_when_it_set_the_limit()
    {
        var diagnostics = AnalyzerHarness.Analyze(AnalyzerHarness.Compile(
            [(Chain, "Chain.cs"), ("[assembly: Orchestration.OrchestrationDefaults(MaxDepth = 2)]\n", "Defaults.cs")]));

        Assert.Equal(
            [
                "Workflow 'l3' nests 3 levels deep (l3 → l2 → l1 → l0); the limit is 2 ([assembly: OrchestrationDefaults(MaxDepth = 2)]). Flatten the chain or raise MaxDepth.",
                "Workflow 'l4' nests 4 levels deep (l4 → l3 → l2 → l1 → l0); the limit is 2 ([assembly: OrchestrationDefaults(MaxDepth = 2)]). Flatten the chain or raise MaxDepth.",
            ],
            diagnostics.Select(d => d.GetMessage()));
    }

    [Fact]
    public void An_assembly_default_below_one_is_reported_at_its_argument() => AnalyzerHarness.AssertSingle(
        "[assembly: Orchestration.OrchestrationDefaults(MaxDepth = [|0|])]\n",
        "ORCH0003",
        "[assembly: OrchestrationDefaults(MaxDepth = 0)] must be at least 1; using 3");

    [Fact]
    public void An_unusable_msbuild_value_is_reported_and_the_default_applies()
    {
        var broken = new TestOptions(new Dictionary<string, string> { ["build_property.OrchestrationMaxDepth"] = "deep" });

        var diagnostics = AnalyzerHarness.Analyze(AnalyzerHarness.Compile([(Chain, "Chain.cs")]), broken);

        Assert.Equal(
            [
                "The MSBuild property OrchestrationMaxDepth is 'deep', which is not a whole number of at least 1; using 3",
                "Workflow 'l4' nests 4 levels deep (l4 → l3 → l2 → l1 → l0); the limit is 3 (the default). Flatten the chain or raise MaxDepth.",
            ],
            diagnostics.Select(d => d.GetMessage()).OrderBy(m => m, System.StringComparer.Ordinal));
        Assert.All(diagnostics, d => Assert.Equal("ORCH0003", d.Id));
    }
}
