using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

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
        [Workflow("l3", Strategy = "nested_sequential")] [Step(Workflow = {|#3:"l2"|})] public static partial class L3;
        [Workflow("l4", Strategy = "nested_sequential")] [Step(Workflow = {|#4:"l3"|})] public static partial class L4;
        """;

    private const string Defaults = "[assembly: Orchestration.OrchestrationDefaults(MaxDepth = 4)]\n";

    /// <summary>ORCH0003 at the reference that makes workflow <c>l{n}</c> too deep: n levels against <paramref name="limit"/>, set by <paramref name="source"/>.</summary>
    private static DiagnosticResult TooDeep(int n, int limit, string source) => AnalyzerHarness.At(
        n,
        "ORCH0003",
        $"Workflow 'l{n}' nests {n} levels deep ({string.Join(" → ", Enumerable.Range(0, n + 1).Reverse().Select(i => "l" + i))}); the limit is {limit} ({source}). Flatten the chain or raise MaxDepth.");

    [Fact]
    public void Without_a_project_default_the_limit_is_three() => AnalyzerHarness.Verify(
        [("Chain.cs", Chain)],
        [TooDeep(4, 3, "the default")]);

    [Fact]
    public void The_assembly_attribute_raises_the_limit_for_workflows_that_do_not_set_their_own()
    {
        AnalyzerHarness.Verify([("Chain.cs", Chain), ("Defaults.cs", Defaults)], []);

        AnalyzerHarness.Verify(
            [(
                "Chain.cs",
                Chain.Replace("[Workflow(\"l4\", Strategy = \"nested_sequential\")]", "[Workflow(\"l4\", Strategy = \"nested_sequential\", MaxDepth = 2)]")),
                ("Defaults.cs", Defaults),
            ],
            [TooDeep(4, 2, "its own MaxDepth")]);
    }

    [Fact]
    public void The_msbuild_property_sets_the_limit_and_the_attribute_wins_over_it()
    {
        var strict = new Dictionary<string, string> { ["OrchestrationMaxDepth"] = "2" };

        AnalyzerHarness.Verify(
            [("Chain.cs", Chain)],
            [TooDeep(3, 2, "the MSBuild property OrchestrationMaxDepth"), TooDeep(4, 2, "the MSBuild property OrchestrationMaxDepth")],
            strict);

        AnalyzerHarness.Verify([("Chain.cs", Chain), ("Defaults.cs", Defaults)], [], strict);
    }

    [Fact]
    public void The_message_names_the_assembly_attribute_when_it_set_the_limit() => AnalyzerHarness.Verify(
        [("Chain.cs", Chain), ("Defaults.cs", "[assembly: Orchestration.OrchestrationDefaults(MaxDepth = 2)]\n")],
        [TooDeep(3, 2, "[assembly: OrchestrationDefaults(MaxDepth = 2)]"), TooDeep(4, 2, "[assembly: OrchestrationDefaults(MaxDepth = 2)]")]);

    [Fact]
    public void An_assembly_default_below_one_is_reported_at_its_argument() => AnalyzerHarness.AssertSingle(
        "[assembly: Orchestration.OrchestrationDefaults(MaxDepth = [|0|])]\n",
        "ORCH0003",
        "[assembly: OrchestrationDefaults(MaxDepth = 0)] must be at least 1; using 3");

    [Fact]
    public void An_unusable_msbuild_value_is_reported_and_the_default_applies() => AnalyzerHarness.Verify(
        [("Chain.cs", Chain)],
        [
            new DiagnosticResult("ORCH0003", DiagnosticSeverity.Error).WithNoLocation()
                .WithMessage("The MSBuild property OrchestrationMaxDepth is 'deep', which is not a whole number of at least 1; using 3"),
            TooDeep(4, 3, "the default"),
        ],
        new Dictionary<string, string> { ["OrchestrationMaxDepth"] = "deep" });
}
