using System.Linq;
using Microsoft.CodeAnalysis;
using Orchestration.Declarations;

namespace Orchestration.Generators.Tests;

/// <summary>
/// Invalid declarations get no runner, and nothing the generator adds ever fails to compile: the only errors left are
/// the user's own (the analyzers explain them).
/// </summary>
public sealed class InvalidDeclarationTests
{
    [Theory]
    [InlineData("unknown strategy", "[Workflow(\"broken\", Strategy = \"sequencial\")]\n[Step(\"pricer\")]\npublic static partial class Broken;")]
    [InlineData("unknown template", "[Workflow(\"broken\")]\n[Step(\"pricr\")]\npublic static partial class Broken;")]
    [InlineData("dangling workflow", "[Workflow(\"broken\", Strategy = \"nested_sequential\")]\n[Step(Workflow = \"nowhere\")]\npublic static partial class Broken;")]
    [InlineData("mistyped hand-off", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\n[Step(\"risk_scorer\")]\npublic static partial class Broken;")]
    [InlineData("fan-out input mismatch", "[Workflow(\"broken\", Strategy = \"parallel\")]\n[Step(\"pricer\")]\n[Step(\"receipt_writer\")]\npublic static partial class Broken;")]
    [InlineData("step naming both", "[Workflow(\"broken\")]\n[Step(\"pricer\", Workflow = \"checkout\")]\npublic static partial class Broken;")]
    [InlineData("step naming neither", "[Workflow(\"broken\")]\n[Step]\npublic static partial class Broken;")]
    [InlineData("no steps", "[Workflow(\"broken\")]\npublic static partial class Broken;")]
    [InlineData("empty id", "[Workflow(\"\")]\n[Step(\"pricer\")]\npublic static partial class Broken;")]
    [InlineData("duplicate id", "[Workflow(\"checkout\")]\n[Step(\"pricer\")]\npublic static partial class Broken;")]
    [InlineData("generic class", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\npublic static partial class Broken<T> { }")]
    [InlineData("nested in a non-partial type", "public static class Outer\n{\n    [Workflow(\"broken\")]\n    [Step(\"pricer\")]\n    public static partial class Broken;\n}")]
    [InlineData("unknown input request", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\n[Step(Await = \"nowhere\")]\npublic static partial class Broken;")]
    [InlineData("wait in a fan-out", "[InputRequest(\"order_check\")]\npublic sealed class OrderCheck : InputRequest<Order, bool>;\n[Workflow(\"broken\", Strategy = \"parallel\")]\n[Step(\"pricer\")]\n[Step(Await = \"order_check\")]\npublic static partial class Broken;")]
    [InlineData("nested wait in a debate", "[InputRequest(\"order_check\")]\npublic sealed class OrderCheck : InputRequest<Order, bool>;\n[Workflow(\"check\")]\n[Step(Await = \"order_check\")]\npublic static partial class Check;\n[Workflow(\"broken\", Strategy = \"debate\")]\n[Step(Workflow = \"check\")]\n[Step(Workflow = \"check\")]\npublic static partial class Broken;")]
    [InlineData("mistyped wait", "[InputRequest(\"order_check\")]\npublic sealed class OrderCheck : InputRequest<Order, bool>;\n[Workflow(\"broken\")]\n[Step(\"pricer\")]\n[Step(Await = \"order_check\")]\npublic static partial class Broken;")]
    [InlineData("delay of zero", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\n[Step(DelaySeconds = 0)]\npublic static partial class Broken;")]
    [InlineData("missing until method", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\n[Step(Until = \"Nowhere\")]\npublic static partial class Broken;")]
    [InlineData("until method with the wrong parameter", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\n[Step(Until = nameof(Later))]\npublic static partial class Broken { private static DateTimeOffset Later(Receipt r) => default; }")]
    [InlineData("only delays", "[Workflow(\"broken\")]\n[Step(DelaySeconds = 5)]\npublic static partial class Broken;")]
    [InlineData("step naming a wait and a delay", "[Workflow(\"broken\")]\n[Step(Await = \"x\", DelaySeconds = 5)]\npublic static partial class Broken;")]
    [InlineData("self reference", "[Workflow(\"broken\", Strategy = \"nested_sequential\")]\n[Step(Workflow = \"broken\")]\npublic static partial class Broken;")]
    [InlineData("empty template id", "[Workflow(\"broken\")]\n[Step(\"\")]\npublic static partial class Broken;")]
    [InlineData("empty strategy", "[Workflow(\"broken\", Strategy = \"\")]\n[Step(\"pricer\")]\npublic static partial class Broken;")]
    [InlineData("null strategy", "[Workflow(\"broken\", Strategy = null)]\n[Step(\"pricer\")]\npublic static partial class Broken;")]
    [InlineData("own Id", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\npublic static partial class Broken { public const string Id = \"mine\"; }")]
    [InlineData("own Definition", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\npublic static partial class Broken { public static object Definition => 1; }")]
    [InlineData("own Diagram", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\npublic static partial class Broken { public static string Diagram() => \"\"; }")]
    [InlineData("own Runner", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\npublic static partial class Broken { public sealed class Runner { } }")]
    [InlineData("own ExecuteAsync field", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\npublic static partial class Broken { private static int ExecuteAsync; }")]
    [InlineData("own RunAsync with the generated parameters", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\npublic static partial class Broken { public static ValueTask<WorkflowResult<Priced>> RunAsync(Order order, CancellationToken token) => default; }")]
    [InlineData("own ResumeAsync with the generated parameters", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\npublic static partial class Broken { public static int ResumeAsync(string id, IServiceProvider? s, WorkflowRunOptions o, CancellationToken t) => 0; }")]
    [InlineData("workflow id of the wrong type", "[Workflow(7)]\n[Step(\"pricer\")]\npublic static partial class Broken;")]
    [InlineData("file-local workflow", "[Workflow(\"broken\")]\n[Step(\"pricer\")]\nfile static partial class Broken;")]
    public void An_invalid_workflow_gets_no_runner_and_the_generated_code_compiles(string mistake, string declaration)
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Domain + Sources.Workflows + "\n" + declaration));

        Assert.True(outcome.GeneratorDiagnostics.IsEmpty, mistake);
        Assert.DoesNotContain(outcome.HintNames, h => h.Contains("Broken") && outcome.HasRunner(h));
        AssertGeneratedTreesCompile(outcome);

        // Workflows that do not depend on the broken one keep their runners.
        Assert.Contains("Shop.Assessment.g.cs", outcome.HintNames);
    }

    [Fact]
    public void A_workflow_that_is_not_partial_gets_no_runner()
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Domain + """

            [Workflow("sealed_off")]
            [Step("pricer")]
            public static class SealedOff { }
            """));

        Assert.DoesNotContain("Shop.SealedOff.g.cs", outcome.HintNames);
        AssertGeneratedTreesCompile(outcome);
        Assert.Empty(outcome.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void A_cycle_and_a_too_deep_chain_get_no_runners()
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Domain + """

            [Workflow("ping", Strategy = "nested_sequential")]
            [Step(Workflow = "pong")]
            public static partial class Ping;

            [Workflow("pong", Strategy = "nested_sequential")]
            [Step(Workflow = "ping")]
            public static partial class Pong;

            [Workflow("l4")] [Step("pricer")] public static partial class L4;
            [Workflow("l3", Strategy = "nested_sequential")] [Step(Workflow = "l4")] public static partial class L3;
            [Workflow("l2", Strategy = "nested_sequential")] [Step(Workflow = "l3")] public static partial class L2;
            [Workflow("l1", Strategy = "nested_sequential")] [Step(Workflow = "l2")] public static partial class L1;
            [Workflow("l0", Strategy = "nested_sequential")] [Step(Workflow = "l1")] public static partial class L0;
            """));

        Assert.False(outcome.HasRunner("Shop.Ping.g.cs"));
        Assert.False(outcome.HasRunner("Shop.Pong.g.cs"));
        Assert.False(outcome.HasRunner("Shop.L0.g.cs"));
        Assert.Contains("Shop.L1.g.cs", outcome.HintNames);
        AssertGeneratedTreesCompile(outcome);
        Assert.Empty(outcome.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Theory]
    [InlineData("not an agent", "[AgentTemplate(\"odd\")]\npublic sealed class Odd { }")]
    [InlineData("abstract agent", "[AgentTemplate(\"odd\")]\npublic abstract class Odd : IAgent<Order, Risk> { public abstract ValueTask<Risk> RunAsync(Order i, AgentContext c, CancellationToken t); }")]
    [InlineData("private agent", "public static class Holder\n{\n    [AgentTemplate(\"odd\")]\n    private sealed class Odd : IAgent<Order, Risk> { public ValueTask<Risk> RunAsync(Order i, AgentContext c, CancellationToken t) => default; }\n}")]
    [InlineData("no usable constructor", "[AgentTemplate(\"odd\")]\npublic sealed class Odd : IAgent<Order, Risk> { private Odd() { } public ValueTask<Risk> RunAsync(Order i, AgentContext c, CancellationToken t) => default; }")]
    [InlineData("invalid timeout", "[AgentTemplate(\"odd\", TimeoutSeconds = 0)]\npublic sealed class Odd : IAgent<Order, Risk> { public ValueTask<Risk> RunAsync(Order i, AgentContext c, CancellationToken t) => default; }")]
    [InlineData("ambiguous agent", "[AgentTemplate(\"odd\")]\npublic sealed class Odd : IAgent<Order, Risk>, IAgent<Risk, Order> { public ValueTask<Risk> RunAsync(Order i, AgentContext c, CancellationToken t) => default; public ValueTask<Order> RunAsync(Risk i, AgentContext c, CancellationToken t) => default; }")]
    [InlineData("strategy without the base class", "[Strategy(\"odd_strategy\")]\npublic sealed class OddStrategy { }")]
    [InlineData("file-local agent", "[AgentTemplate(\"odd\")]\nfile sealed class Odd : IAgent<Order, Risk> { public ValueTask<Risk> RunAsync(Order i, AgentContext c, CancellationToken t) => default; }")]
    [InlineData("agent nested in a file-local class", "file static class Holder\n{\n    [AgentTemplate(\"odd\")]\n    internal sealed class Odd : IAgent<Order, Risk> { public ValueTask<Risk> RunAsync(Order i, AgentContext c, CancellationToken t) => default; }\n}")]
    [InlineData("agent with a file-local output", "file sealed record OddRisk(double Score);\n[AgentTemplate(\"odd\")]\npublic sealed class Odd : IAgent<Order, OddRisk> { public ValueTask<OddRisk> RunAsync(Order i, AgentContext c, CancellationToken t) => default; }")]
    [InlineData("strategy file-local", "[Strategy(\"odd_strategy\")]\nfile sealed class OddStrategy : Orchestration.Strategies.ExecutionStrategy { public override ValueTask<Orchestration.Strategies.StrategyOutcome> ExecuteAsync(Orchestration.Strategies.StrategyExecution e, CancellationToken t) => default; }")]
    public void An_invalid_template_or_strategy_is_left_out_and_workflows_using_it_get_no_runner(string mistake, string declaration)
    {
        var workflow = mistake.StartsWith("strategy")
            ? "[Workflow(\"uses_odd\", Strategy = \"odd_strategy\")]\n[Step(\"pricer\")]\npublic static partial class UsesOdd;"
            : "[Workflow(\"uses_odd\")]\n[Step(\"odd\")]\npublic static partial class UsesOdd;";

        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Domain + "\n" + declaration + "\n" + workflow));

        Assert.True(outcome.GeneratorDiagnostics.IsEmpty, mistake);
        Assert.False(outcome.HasRunner("Shop.UsesOdd.g.cs"));
        Assert.DoesNotContain("Odd", outcome.Generated("Orchestration.Generated.TestAppModule.g.cs").Replace("uses_odd", string.Empty));
        AssertGeneratedTreesCompile(outcome);
    }

    [Theory]
    [InlineData("not an input request", "[InputRequest(\"odd\")]\npublic sealed class Odd { }")]
    [InlineData("abstract input request", "[InputRequest(\"odd\")]\npublic abstract class Odd : InputRequest<Priced, bool>;")]
    [InlineData("negative deadline", "[InputRequest(\"odd\", DeadlineSeconds = -1)]\npublic sealed class Odd : InputRequest<Priced, bool>;")]
    [InlineData("file-local input request", "[InputRequest(\"odd\")]\nfile sealed class Odd : InputRequest<Priced, bool>;")]
    [InlineData("duplicate input request", "[InputRequest(\"odd\")]\npublic sealed class Odd : InputRequest<Priced, bool>;\n[InputRequest(\"odd\")]\npublic sealed class Odd2 : InputRequest<Priced, bool>;")]
    public void An_invalid_input_request_is_left_out_and_workflows_waiting_for_it_get_no_runner(string mistake, string declaration)
    {
        var workflow = "[Workflow(\"uses_odd\")]\n[Step(\"pricer\")]\n[Step(Await = \"odd\")]\npublic static partial class UsesOdd;";

        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Domain + "\n" + declaration + "\n" + workflow));

        Assert.True(outcome.GeneratorDiagnostics.IsEmpty, mistake);
        Assert.False(outcome.HasRunner("Shop.UsesOdd.g.cs"));
        Assert.DoesNotContain("Odd", outcome.Generated("Orchestration.Generated.TestAppModule.g.cs").Replace("uses_odd", string.Empty));
        AssertGeneratedTreesCompile(outcome);
    }

    [Fact]
    public void Malformed_wait_and_delay_arguments_never_crash_the_generator()
    {
        var compilation = GeneratorHarness.Compile(Sources.Domain + """

            [InputRequest(null, DeadlineSeconds = -3)]
            public sealed class NoId : InputRequest<Order, bool>;

            [InputRequest(42)]
            public sealed class Numbered : InputRequest<Order, bool>;

            [InputRequest]
            public sealed class Bare : InputRequest;

            [Workflow("weird_waits")]
            [Step(Await = null)]
            [Step(DelaySeconds = -1, Until = null)]
            [Step(Until = 5)]
            [Step(Await = "", Workflow = "", DelaySeconds = int.MaxValue)]
            public static partial class WeirdWaits;
            """);

        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("WeirdWaits"));
    }

    [Fact]
    public void Malformed_attribute_arguments_never_crash_the_generator()
    {
        var compilation = GeneratorHarness.Compile(Sources.Domain + """

            [Workflow(null, Strategy = null, MaxDepth = -1)]
            [Step(null)]
            [Step(Workflow = null)]
            public static partial class Weird;

            [AgentTemplate(42)]
            public sealed class Weirder : IAgent<Order, Risk> { public ValueTask<Risk> RunAsync(Order i, AgentContext c, CancellationToken t) => default; }

            [Workflow]
            public static partial class Weirdest;
            """);

        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_workflow_whose_file_name_is_taken_by_a_generated_file_is_left_out_without_crashing_the_generator()
    {
        // The class clashes with the generated entry point (the compiler says so); the generator must not throw on the
        // duplicate file name.
        var compilation = GeneratorHarness.Compile(new[]
        {
            (Sources.Domain, "Domain.cs"),
            (GeneratorHarness.Usings + """
                namespace Orchestration;

                [Workflow("clash")]
                [Step("pricer")]
                public static partial class GeneratedOrchestration;
                """, "Clash.cs"),
        });

        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.GeneratedSources, s => s.HintName == "Orchestration.GeneratedOrchestration.g.cs");
    }

    [Fact]
    public void Members_that_do_not_clash_and_run_async_overloads_keep_the_runner()
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Domain + """

            [Workflow("priced")]
            [Step("pricer")]
            public static partial class Priced2
            {
                public const string Ids = "priced";
                public static ValueTask<WorkflowResult<Priced>> RunAsync(string customer) => RunAsync(new Order(customer, 1));
                public static string Describe() => Id + Diagram;
            }
            """));

        Assert.Contains("Shop.Priced2.g.cs", outcome.HintNames);
        AssertGeneratedTreesCompile(outcome);
        Assert.Empty(outcome.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void The_reserved_member_names_are_the_members_the_generator_adds()
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Domain + """

            [InputRequest("order_check")]
            public sealed class OrderCheck : InputRequest<Priced, bool>;

            [Workflow("checked")]
            [Step("pricer")]
            [Step(Await = "order_check")]
            public static partial class Checked;

            [Workflow("quoted", Strategy = "parallel")]
            [Step("pricer")]
            [Step("risk_scorer")]
            public static partial class Quoted;
            """));

        // A chain of up to eight steps runs through SequentialChain and has no ExecuteAsync; other shapes have one.
        var generated = new[] { "Shop.Checked", "Shop.Quoted" }
            .SelectMany(name => outcome.Compilation.GetTypeByMetadataName(name)!.GetMembers())
            .Where(m => m.CanBeReferencedByName && m.Locations.Any(l => l.SourceTree is { } tree && outcome.RunResult.GeneratedTrees.Contains(tree)))
            .ToArray();

        Assert.Equal(
            GeneratedMembers.Members.Concat(GeneratedMembers.Methods).OrderBy(n => n),
            generated.Select(m => m.Name).Distinct().OrderBy(n => n));
        Assert.All(generated.Where(m => GeneratedMembers.Methods.Contains(m.Name)), m => Assert.IsAssignableFrom<IMethodSymbol>(m));
    }

    [Fact]
    public void Very_long_ids_give_member_names_that_compile()
    {
        var templateId = new string('t', 3000);
        var requestId = new string('r', 3000);
        var workflowId = new string('w', 3000);
        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Domain + $$"""

            [AgentTemplate("{{templateId}}")]
            public sealed class LongPricer : IAgent<Order, Priced> { public ValueTask<Priced> RunAsync(Order i, AgentContext c, CancellationToken t) => default; }

            [AgentTemplate("{{templateId}}x")]
            public sealed class LongPricer2 : IAgent<Order, Priced> { public ValueTask<Priced> RunAsync(Order i, AgentContext c, CancellationToken t) => default; }

            [InputRequest("{{requestId}}")]
            public sealed class LongApproval : InputRequest<Priced, bool>;

            [Strategy("{{new string('s', 3000)}}")]
            public sealed class LongStrategy : Orchestration.Strategies.ExecutionStrategy { public override ValueTask<Orchestration.Strategies.StrategyOutcome> ExecuteAsync(Orchestration.Strategies.StrategyExecution e, CancellationToken t) => default; }

            [Workflow("{{workflowId}}", Strategy = "parallel")]
            [Step("{{templateId}}")]
            [Step("{{templateId}}x")]
            public static partial class LongWorkflow;

            [Workflow("long_wait")]
            [Step("{{templateId}}")]
            [Step(Await = "{{requestId}}")]
            public static partial class LongWait;
            """));

        Assert.True(outcome.GeneratorDiagnostics.IsEmpty);
        Assert.Contains("Shop.LongWorkflow.g.cs", outcome.HintNames);
        Assert.Contains("Shop.LongWait.g.cs", outcome.HintNames);
        AssertGeneratedTreesCompile(outcome);

        // Names too long for metadata (CS7013) are only found when the assembly is written.
        var emitted = outcome.Compilation.Emit(new System.IO.MemoryStream());
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString().Substring(0, System.Math.Min(300, d.ToString().Length)))));
    }

    private static void AssertGeneratedTreesCompile(GeneratorOutcome outcome)
    {
        var generatedTrees = outcome.RunResult.GeneratedTrees;
        var errors = outcome.Compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))
            .ToArray();
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => e.ToString())) + "\n" + outcome.AllGeneratedText());
    }
}
