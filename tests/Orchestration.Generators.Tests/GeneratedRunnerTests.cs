using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Generators.Tests;

public sealed class GeneratedRunnerTests
{
    private const string Probe = """

        public static class Probe
        {
            public static async Task<string> Run()
            {
                var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
                    .AddSingleton<IClock, FixedClock>()
                    .AddOrchestration();
                using var provider = services.BuildServiceProvider();
                var order = new Order("ada", 4);

                WorkflowResult<Receipt> receipt = await Checkout.RunAsync(order, provider);
                WorkflowResult<(Priced Pricer, Risk RiskScorer)> assessment = await Assessment.RunAsync(order, CancellationToken.None);
                WorkflowResult<string> audited = await provider.GetRequiredService<AuditedCheckout.Runner>().RunAsync(order);
                var keyed = provider.GetRequiredKeyedService<IWorkflowRunner>(WorkflowIds.Checkout);

                return string.Join("|",
                    receipt.Output.Text,
                    receipt.Steps[0].Confidence,
                    assessment.Output.Pricer.Total,
                    assessment.Output.RiskScorer.Score,
                    audited.Output,
                    audited.Steps[0].Nested!.Steps.Count,
                    keyed.Definition.Id,
                    TemplateIds.ReceiptWriter,
                    StrategyIds.NestedSequential);
            }
        }
        """;

    private static readonly string Source = Sources.Domain + Sources.Workflows + Probe;

    private static readonly Lazy<Assembly> Assembly = new(() => GeneratorHarness.Load(GeneratorHarness.RunClean(Source).Compilation));

    [Fact]
    public void Generated_code_for_all_three_shapes_compiles_without_warnings()
    {
        var outcome = GeneratorHarness.RunClean(Source);

        Assert.Equal(
            [
                "Orchestration.Generated.TestAppModule.Manifest.g.cs",
                "Orchestration.Generated.TestAppModule.g.cs",
                "Orchestration.GeneratedOrchestration.g.cs",
                "Shop.Assessment.g.cs",
                "Shop.AuditedCheckout.g.cs",
                "Shop.Checkout.g.cs",
            ],
            outcome.HintNames);
        Assert.Empty(outcome.GeneratorDiagnostics);
    }

    [Fact]
    public void The_sequential_runner_takes_the_first_input_and_returns_the_last_output()
    {
        var runAsync = RunAsyncOf("Shop.Checkout");

        Assert.Equal(["input", "services", "options", "cancellationToken"], runAsync.GetParameters().Select(p => p.Name));
        Assert.Equal("Shop.Order", runAsync.GetParameters()[0].ParameterType.FullName);
        Assert.Equal(typeof(IServiceProvider), runAsync.GetParameters()[1].ParameterType);
        Assert.Equal(typeof(WorkflowRunOptions), runAsync.GetParameters()[2].ParameterType);
        Assert.Equal(typeof(CancellationToken), runAsync.GetParameters()[3].ParameterType);
        Assert.Equal("ValueTask`1[WorkflowResult`1[Receipt]]", Describe(runAsync.ReturnType));
    }

    [Fact]
    public void The_parallel_runner_returns_every_output_as_a_named_tuple_in_declaration_order()
    {
        var runAsync = RunAsyncOf("Shop.Assessment");

        Assert.Equal("Shop.Order", runAsync.GetParameters()[0].ParameterType.FullName);
        Assert.Equal("ValueTask`1[WorkflowResult`1[ValueTuple`2[Priced,Risk]]]", Describe(runAsync.ReturnType));
        var names = runAsync.ReturnParameter.GetCustomAttribute<TupleElementNamesAttribute>()!.TransformNames;
        Assert.Equal(["Pricer", "RiskScorer"], names);
    }

    [Fact]
    public void The_nested_sequential_runner_types_a_workflow_step_by_the_nested_workflow()
    {
        var runAsync = RunAsyncOf("Shop.AuditedCheckout");

        Assert.Equal("Shop.Order", runAsync.GetParameters()[0].ParameterType.FullName);
        Assert.Equal("ValueTask`1[WorkflowResult`1[String]]", Describe(runAsync.ReturnType));
    }

    [Fact]
    public async Task Generated_runners_run_with_dependency_injection_and_without_it()
    {
        var probe = Assembly.Value.GetType("Shop.Probe")!.GetMethod("Run")!;

        var summary = await (Task<string>)probe.Invoke(null, null)!;

        Assert.Equal("ada: 10.0 at noon|0.75|10.0|0.1|audited ada: 10.0 at noon|2|checkout|receipt_writer|nested_sequential", summary);
    }

    [Fact]
    public void The_generated_registry_holds_every_declaration_with_its_metadata()
    {
        var create = Assembly.Value.GetType("Orchestration.GeneratedOrchestration")!.GetMethod("CreateRegistry")!;

        var registry = (OrchestrationRegistry)create.Invoke(null, new object?[] { null })!;

        Assert.Equal(["pricer", "receipt_writer", "risk_scorer", "receipt_auditor"], registry.Templates.All.Select(t => t.Id));
        var pricer = registry.Templates.Get("pricer");
        Assert.Equal(("Pricer", ModelTier.Cheap, 30), (pricer.Role, pricer.Tier, pricer.Resources.TimeoutSeconds));
        Assert.Equal(1000, pricer.QualityGates["max_total"]);
        Assert.Equal(["pricer", "risk_scorer"], registry.Templates.GetByCapability("pricing").Select(t => t.Id));
        var checkout = registry.Workflows.Get("checkout");
        Assert.Equal(("sequential", "Price an order and write its receipt", 3), (checkout.Strategy, checkout.Description, checkout.MaxDepth));
        Assert.Equal(["pricer", "receipt_writer"], checkout.Steps.Select(s => s.TargetId));
        Assert.Equal("Order", checkout.InputType!.Name);
        Assert.Equal("Receipt", checkout.OutputType!.Name);
        Assert.Equal(2, registry.Workflows.Get("audited_checkout").MaxDepth);
        Assert.Equal((3, 50.0), (registry.Templates.Get("risk_scorer").Retry.MaxAttempts, registry.Templates.Get("risk_scorer").Retry.BaseDelay.TotalMilliseconds));
        Assert.Same(RetryPolicy.None, registry.Templates.Get("pricer").Retry);
    }

    [Fact]
    public void The_diagram_is_a_constant_on_the_workflow_and_in_the_runner_documentation()
    {
        var outcome = GeneratorHarness.RunClean(Source);
        var diagram = (string)Assembly.Value.GetType("Shop.AuditedCheckout")!.GetField("Diagram")!.GetRawConstantValue()!;

        Assert.Equal(
            "%% workflow audited_checkout (nested_sequential)\n" +
            "flowchart LR\n" +
            "    input([\"Order\"])\n" +
            "    s1[[\"1. workflow checkout\"]]\n" +
            "    s2[\"2. receipt_auditor\"]\n" +
            "    output([\"string\"])\n" +
            "    input --> s1\n" +
            "    s1 -->|\"Receipt\"| s2\n" +
            "    s2 -->|\"string\"| output\n",
            diagram);
        Assert.Contains("/// s1 --&gt;|\"Receipt\"| s2", outcome.Generated("Shop.AuditedCheckout.g.cs").Replace("    ", string.Empty));
    }

    [Fact]
    public void Internal_declarations_get_internal_runners_that_still_compile()
    {
        var source = GeneratorHarness.Usings + """
            namespace Hidden;
            internal sealed record Secret(string Value);

            [AgentTemplate("keeper")]
            internal sealed class Keeper : IAgent<string, Secret>
            {
                public ValueTask<Secret> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Secret(input));
            }

            [Workflow("keep")]
            [Step("keeper")]
            public partial class Keep;
            """;

        var outcome = GeneratorHarness.RunClean(source);

        Assert.Contains("internal static global::System.Threading.Tasks.ValueTask<global::Orchestration.WorkflowResult<global::Hidden.Secret>> RunAsync(", outcome.Generated("Hidden.Keep.g.cs"));
        Assert.Contains("internal static global::Orchestration.AgentTemplate<string, global::Hidden.Secret> Keeper", outcome.Generated("Orchestration.Generated.TestAppModule.g.cs"));
    }

    [Fact]
    public async Task A_user_strategy_runs_through_its_instance_with_a_typed_result()
    {
        var source = GeneratorHarness.Usings + """
            using Orchestration.Strategies;
            namespace Custom;

            [Strategy("reverse_chain", Shape = StrategyShape.Chain)]
            public sealed class ReverseChain(IServiceProvider services) : ExecutionStrategy
            {
                public IServiceProvider Services { get; } = services;
                public override async ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken)
                {
                    var current = execution.Input;
                    for (var i = execution.Steps.Count - 1; i >= 0; i--)
                    {
                        var result = await execution.Steps[i].RunAsync(current, cancellationToken);
                        if (!result.Succeeded) return StrategyOutcome.Failed(result);
                        current = result.OutputValue;
                    }
                    return StrategyOutcome.Completed(current);
                }
            }

            [AgentTemplate("append_a")]
            public sealed class AppendA : IAgent<string, string>
            {
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input + "a");
            }

            [AgentTemplate("append_b")]
            public sealed class AppendB : IAgent<string, string>
            {
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input + "b");
            }

            [Workflow("backwards", Strategy = "reverse_chain")]
            [Step("append_a")]
            [Step("append_b")]
            public static partial class Backwards
            {
                public static async Task<string> Probe() => (await RunAsync(">")).Output;
            }
            """;

        var assembly = GeneratorHarness.Load(GeneratorHarness.RunClean(source).Compilation);
        var result = await (Task<string>)assembly.GetType("Custom.Backwards")!.GetMethod("Probe")!.Invoke(null, null)!;

        Assert.Equal(">ba", result);
    }

    [Fact]
    public void The_generator_and_the_runtime_agree_on_the_longest_chain_SequentialChain_takes()
    {
        Assert.Equal(SequentialChain.MaxSteps, Orchestration.Declarations.KnownNames.MaxChainSteps);
        Assert.Equal(
            SequentialChain.MaxSteps,
            typeof(SequentialChain).GetMethods().Where(m => m.Name == nameof(SequentialChain.Define)).Max(m => m.GetParameters().Length - 6));
    }

    [Fact]
    public async Task Chains_of_up_to_eight_steps_run_through_SequentialChain_and_longer_ones_get_a_runner_of_their_own()
    {
        var source = GeneratorHarness.Usings + """
            namespace Long;

            [AgentTemplate("append_a")]
            public sealed class AppendA : IAgent<string, string>
            {
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input + "a");
            }

            [AgentTemplate("append_b")]
            public sealed class AppendB : IAgent<string, string>
            {
                public async ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    return input + "b";
                }
            }

            [AgentTemplate("count", MaxAttempts = 1)]
            public sealed class Count : IAgent<string, int>
            {
                public ValueTask<int> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) =>
                    input.Length < 4 ? throw new InvalidOperationException("too short: " + input) : ValueTask.FromResult(input.Length);
            }

            [Workflow("eight")]
            [Step("append_a"), Step("append_b"), Step("append_a"), Step("append_b"), Step("append_a"), Step("append_b"), Step("append_a"), Step("append_b")]
            public static partial class Eight;

            [Workflow("nine")]
            [Step("append_a"), Step("append_b"), Step("append_a"), Step("append_b"), Step("append_a"), Step("append_b"), Step("append_a"), Step("append_b"), Step("append_a")]
            public static partial class Nine;

            [Workflow("counted")]
            [Step("append_a"), Step("count")]
            public static partial class Counted;

            public static class Probe
            {
                public static async Task<string> Run()
                {
                    var eight = await Eight.RunAsync(">");
                    var nine = await Nine.RunAsync(">");
                    var counted = await Counted.RunAsync("xyz");
                    var failed = await Counted.RunAsync(">");
                    return string.Join("|",
                        eight.Output, eight.Steps.Count, nine.Output, nine.Steps.Count,
                        counted.Output, failed.Status, failed.FailedStep!.StepId, failed.Steps.Count, failed.Errors[0].Contains("too short: >a"));
                }
            }
            """;

        var outcome = GeneratorHarness.RunClean(source);
        var result = await (Task<string>)GeneratorHarness.Load(outcome.Compilation).GetType("Long.Probe")!.GetMethod("Run")!.Invoke(null, null)!;

        Assert.Equal(">abababab|8|>ababababa|9|4|Failed|count|2|True", result);
        Assert.Contains("Definition { get; } = global::Orchestration.SequentialChain.Define(", outcome.Generated("Long.Eight.g.cs"));
        Assert.DoesNotContain("ExecuteAsync", outcome.Generated("Long.Eight.g.cs"));
        Assert.Contains("execute: ExecuteAsync,", outcome.Generated("Long.Nine.g.cs"));
        Assert.Contains("private static async global::System.Threading.Tasks.ValueTask<global::Orchestration.WorkflowResult<string>> ExecuteAsync(", outcome.Generated("Long.Nine.g.cs"));
    }

    [Fact]
    public void The_project_default_depth_applies_to_workflows_that_do_not_set_their_own()
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(new[]
        {
            (Sources.Domain + Sources.Workflows, "Declarations.cs"),
            ("[assembly: Orchestration.OrchestrationDefaults(MaxDepth = 6)]", "Defaults.cs"),
        }));

        Assert.Contains("maxDepth: 6,", outcome.Generated("Shop.Checkout.g.cs"));
        Assert.Contains("maxDepth: 2,", outcome.Generated("Shop.AuditedCheckout.g.cs"));
    }

    [Fact]
    public async Task The_teaching_runner_returns_which_path_was_taken_with_the_typed_answer()
    {
        var source = Sources.Domain + """

            [AgentTemplate("quick_quote")]
            public sealed class QuickQuote : IAgent<Order, Priced>
            {
                public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken)
                {
                    context.Confidence = input.Items > 10 ? 0.2 : 0.9;
                    return ValueTask.FromResult(new Priced(input, 1m));
                }
            }

            [AgentTemplate("careful_quote")]
            public sealed class CarefulQuote : IAgent<Order, Priced>
            {
                public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken)
                {
                    var attempt = ((TeachingHandoff)context.Handoff!).JuniorOutputAs<Priced>()!;
                    return ValueTask.FromResult(new Priced(input, attempt.Total + 99m));
                }
            }

            [Workflow("quote", Strategy = "teaching", ConfidenceThreshold = 0.5)]
            [Step("quick_quote")]
            [Step("careful_quote")]
            public static partial class Quote
            {
                public static async Task<string> Probe()
                {
                    WorkflowResult<Taught<Priced>> small = await RunAsync(new Order("a", 1));
                    WorkflowResult<Taught<Priced>> large = await RunAsync(new Order("b", 20));
                    return $"{small.Output.Path} {small.Output.Output.Total} | {large.Output.Path} {large.Output.Output.Total} {large.Output.Reason}";
                }
            }
            """;

        var outcome = GeneratorHarness.RunClean(source);
        var probe = GeneratorHarness.Load(outcome.Compilation).GetType("Shop.Quote")!.GetMethod("Probe")!;

        Assert.Equal("Junior 1 | Expert 100 the junior's confidence 0.2 is below the threshold 0.5", await (Task<string>)probe.Invoke(null, null)!);
        Assert.Contains("threshold: 0.5,", outcome.Generated("Shop.Quote.g.cs"));
        var diagram = (string)GeneratorHarness.Load(outcome.Compilation).GetType("Shop.Quote")!.GetField("Diagram")!.GetRawConstantValue()!;
        Assert.EndsWith(
            "    input --> s1\n" +
            "    s1 -->|\"confident\"| output\n" +
            "    s1 -.->|\"not confident\"| s2\n" +
            "    s2 -->|\"Priced\"| output\n",
            diagram);
    }

    [Fact]
    public async Task The_adaptive_runner_routes_with_a_typed_routing_function()
    {
        var source = Sources.Domain + """

            public enum Size { Small, Large }

            [AgentTemplate("sizer", Tier = ModelTier.Cheap)]
            public sealed class Sizer : IAgent<Order, Size>
            {
                public ValueTask<Size> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) =>
                    ValueTask.FromResult(input.Items > 10 ? Size.Large : Size.Small);
            }

            [AgentTemplate("small_desk", Tier = ModelTier.Cheap)]
            public sealed class SmallDesk : IAgent<Order, Receipt>
            {
                public ValueTask<Receipt> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) =>
                    ValueTask.FromResult(new Receipt("small desk for " + input.Customer));
            }

            [AgentTemplate("large_desk", Tier = ModelTier.Premium)]
            public sealed class LargeDesk : IAgent<Order, Receipt>
            {
                public ValueTask<Receipt> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) =>
                    ValueTask.FromResult(new Receipt($"large desk for {input.Customer} ({((AdaptiveHandoff)context.Handoff!).ClassificationAs<Size>()})"));
            }

            [Workflow("desk", Strategy = "adaptive", Router = nameof(Route))]
            [Step("sizer")]
            [Step("small_desk")]
            [Step("large_desk")]
            public static partial class Desk
            {
                private static string Route(Size size) => size == Size.Large ? "large_desk" : "small_desk";

                public static async Task<string> Probe()
                {
                    WorkflowResult<Routed<Size, Receipt>> small = await RunAsync(new Order("ann", 1));
                    WorkflowResult<Routed<Size, Receipt>> large = await RunAsync(new Order("bo", 50));
                    return $"{small.Output.Specialist}: {small.Output.Output.Text} | {large.Output.Specialist}: {large.Output.Output.Text} | {large.Output.Reason}";
                }
            }
            """;

        var outcome = GeneratorHarness.RunClean(source);
        var probe = GeneratorHarness.Load(outcome.Compilation).GetType("Shop.Desk")!.GetMethod("Probe")!;

        Assert.Equal(
            "small_desk: small desk for ann | large_desk: large desk for bo (Large) | the routing function chose 'large_desk'",
            await (Task<string>)probe.Invoke(null, null)!);
    }

    [Fact]
    public async Task The_generated_ResumeAsync_restores_completed_steps_and_runs_the_rest()
    {
        var source = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Orchestration;
            using Orchestration.Records;

            namespace Shop;

            [AgentTemplate("headline")]
            public sealed class Headline : IAgent<string, string>
            {
                public static int Calls;

                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    Calls++;
                    return ValueTask.FromResult("news: " + input);
                }
            }

            [AgentTemplate("flaky_printer")]
            public sealed class FlakyPrinter : IAgent<string, string>
            {
                public static bool Broken = true;

                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) =>
                    Broken ? throw new IOException("printer jammed") : ValueTask.FromResult(input.ToUpperInvariant());
            }

            [Workflow("front_page")]
            [Step("headline")]
            [Step("flaky_printer")]
            public static partial class FrontPage
            {
                public static async Task<string> Probe(string root)
                {
                    using var store = new FileRunStore(root);
                    var options = new WorkflowRunOptions { RunId = "edition-1", Store = store };
                    var first = await RunAsync("rain", options: options);
                    FlakyPrinter.Broken = false;
                    var resumed = await ResumeAsync("edition-1", null, options);
                    return $"{first.Status} {resumed.Status} {resumed.Output} restored={resumed.Steps[0].Restored} headline calls={Headline.Calls} {store.Load("edition-1").Status}";
                }
            }
            """;
        var summary = await GeneratorHarness.ProbeWithStore(source, "Shop.FrontPage");

        Assert.Equal("Failed Completed NEWS: RAIN restored=True headline calls=1 completed", summary);
    }

    [Fact]
    public async Task A_refinement_loop_resumes_at_the_iteration_that_failed()
    {
        var source = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Orchestration;
            using Orchestration.Records;

            namespace Shop;

            public static class Counts
            {
                public static int Drafts, Critiques, Revisions;
                public static bool Broken = true;
            }

            [AgentTemplate("tagline_drafter")]
            public sealed class TaglineDrafter : IAgent<string, string>
            {
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    Counts.Drafts++;
                    return ValueTask.FromResult(input);
                }
            }

            [AgentTemplate("tagline_critic")]
            public sealed class TaglineCritic : IAgent<string, Critique>
            {
                public ValueTask<Critique> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    Counts.Critiques++;
                    return ValueTask.FromResult(new Critique(input.Length >= 15, "longer"));
                }
            }

            [AgentTemplate("tagline_reviser")]
            public sealed class TaglineReviser : IAgent<string, string>
            {
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    Counts.Revisions++;
                    var iteration = ((RefinementHandoff)context.Handoff!).Iteration;
                    if (Counts.Broken && Counts.Revisions == 2)
                    {
                        throw new IOException("model went away");
                    }

                    return ValueTask.FromResult(input + " now!" + iteration);
                }
            }

            [Workflow("tagline", Strategy = "refinement", MaxIterations = 4)]
            [Step("tagline_drafter")]
            [Step("tagline_critic")]
            [Step("tagline_reviser")]
            public static partial class Tagline
            {
                public static async Task<string> Probe(string root)
                {
                    using var store = new FileRunStore(root);
                    var options = new WorkflowRunOptions { RunId = "loop", Store = store };
                    var first = await RunAsync("buy", options: options);
                    var before = $"{Counts.Drafts}/{Counts.Critiques}/{Counts.Revisions}";
                    Counts.Broken = false;
                    var resumed = await ResumeAsync("loop", null, options);
                    var during = $"{Counts.Drafts}/{Counts.Critiques}/{Counts.Revisions}";
                    var clean = await RunAsync("buy");
                    return $"{first.Status} {before} | {resumed.Status} {resumed.Output.Draft} after {resumed.Output.Iterations} {during} | {clean.Output.Draft} after {clean.Output.Iterations}";
                }
            }
            """;
        var summary = await GeneratorHarness.ProbeWithStore(source, "Shop.Tagline");

        // First run: draft, critique 1, revision 1, critique 2, revision 2 fails. Resume restores the draft, both
        // critiques and revision 1, then runs revision 2 and critique 3 only.
        Assert.Equal("Failed 1/2/2 | Completed buy now!2 now!3 after 3 1/3/3 | buy now!2 now!3 after 3", summary);
    }

    [Fact]
    public async Task A_fan_out_resumes_with_its_completed_branches_restored()
    {
        var source = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Orchestration;
            using Orchestration.Records;

            namespace Text;

            public static class Counts
            {
                public static int Length, Vowels, Words;
                public static bool Broken = true;
            }

            [AgentTemplate("length")]
            public sealed class Length : IAgent<string, int>
            {
                public ValueTask<int> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    Counts.Length++;
                    return ValueTask.FromResult(input.Length);
                }
            }

            [AgentTemplate("vowels")]
            public sealed class Vowels : IAgent<string, int>
            {
                public ValueTask<int> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    Counts.Vowels++;
                    return Counts.Broken ? throw new IOException("model went away") : ValueTask.FromResult(input.Count(c => "aeiou".Contains(c)));
                }
            }

            [AgentTemplate("words")]
            public sealed class Words : IAgent<string, int>
            {
                public ValueTask<int> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    Counts.Words++;
                    return ValueTask.FromResult(input.Split(' ').Length);
                }
            }

            [Workflow("measures", Strategy = "parallel")]
            [Step("length")]
            [Step("vowels")]
            [Step("words")]
            public static partial class Measures
            {
                public static async Task<string> Probe(string root)
                {
                    using var store = new FileRunStore(root);
                    var options = new WorkflowRunOptions { RunId = "fan", Store = store };
                    var first = await RunAsync("a rust tool", options: options);
                    var before = $"{Counts.Length}/{Counts.Vowels}/{Counts.Words}";
                    Counts.Broken = false;
                    var resumed = await ResumeAsync("fan", null, options);
                    var during = $"{Counts.Length}/{Counts.Vowels}/{Counts.Words}";
                    var clean = await RunAsync("a rust tool");
                    return $"{first.Status} {before} | {resumed.Status} {resumed.Output} {during} restored {resumed.Steps.Count(s => s.Restored)} | {clean.Output}";
                }
            }
            """.Replace("using System;", "using System;\nusing System.Linq;");
        var summary = await GeneratorHarness.ProbeWithStore(source, "Text.Measures");

        // First run (fail-fast): length completes, vowels fails, words is cancelled before it starts. Resume restores
        // length and runs vowels and words.
        Assert.Equal("Failed 1/1/0 | Completed (11, 4, 3) 1/2/1 restored 1 | (11, 4, 3)", summary);
    }

    [Fact]
    public async Task A_debate_resumes_in_the_round_that_failed()
    {
        var source = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Orchestration;
            using Orchestration.Records;

            namespace Board;

            public static class Counts
            {
                public static int Approver, Skeptic;
                public static bool Broken = true;
            }

            [AgentTemplate("approver")]
            public sealed class Approver : IAgent<string, string>
            {
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    Counts.Approver++;
                    return ValueTask.FromResult("approve");
                }
            }

            [AgentTemplate("skeptic")]
            public sealed class Skeptic : IAgent<string, string>
            {
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken)
                {
                    Counts.Skeptic++;
                    var handoff = (DebateHandoff)context.Handoff!;
                    if (handoff.Round == 1)
                    {
                        return ValueTask.FromResult("reject");
                    }

                    return Counts.Broken ? throw new IOException("model went away") : ValueTask.FromResult((string)handoff.OthersPrevious[0].Position!);
                }
            }

            [Workflow("vote", Strategy = "debate", Rounds = 2)]
            [Step("approver")]
            [Step("skeptic")]
            public static partial class Vote
            {
                public static async Task<string> Probe(string root)
                {
                    using var store = new FileRunStore(root);
                    var options = new WorkflowRunOptions { RunId = "debate", Store = store };
                    var first = await RunAsync("ship it?", options: options);
                    var before = $"{Counts.Approver}/{Counts.Skeptic}";
                    Counts.Broken = false;
                    var resumed = await ResumeAsync("debate", null, options);
                    var during = $"{Counts.Approver}/{Counts.Skeptic}";
                    var clean = await RunAsync("ship it?");
                    return $"{first.Status} {before} | {resumed.Status} {resumed.Output.MajorityPosition} {resumed.Output.ConsensusReached} {during} | {clean.Output.MajorityPosition} {clean.Output.ConsensusReached}";
                }
            }
            """;
        var summary = await GeneratorHarness.ProbeWithStore(source, "Board.Vote");

        // Round 1 (both) and the approver's round 2 are restored; only the skeptic's round 2 runs again, and it still
        // sees the approver's round-1 position.
        Assert.Equal("Failed 2/2 | Completed approve True 2/3 | approve True", summary);
    }

    [Fact]
    public async Task The_refinement_runner_loops_until_accepted_and_reports_exhaustion()
    {
        var source = Sources.Domain + """

            [AgentTemplate("slogan_drafter")]
            public sealed class SloganDrafter : IAgent<Order, string>
            {
                public ValueTask<string> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) =>
                    ValueTask.FromResult("buy");
            }

            [AgentTemplate("slogan_critic")]
            public sealed class SloganCritic : IAgent<string, Critique>
            {
                public ValueTask<Critique> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) =>
                    ValueTask.FromResult(new Critique(input.Length >= 9, "louder"));
            }

            [AgentTemplate("slogan_reviser")]
            public sealed class SloganReviser : IAgent<string, string>
            {
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) =>
                    ValueTask.FromResult(input + " now!" + ((RefinementHandoff)context.Handoff!).Iteration);
            }

            [Workflow("slogan", Strategy = "refinement", MaxIterations = 2)]
            [Step("slogan_drafter")]
            [Step("slogan_critic")]
            [Step("slogan_reviser")]
            public static partial class Slogan
            {
                public static async Task<string> Probe()
                {
                    WorkflowResult<Refined<string>> result = await RunAsync(new Order("a", 1));
                    return $"{result.Output.Draft} after {result.Output.Iterations}";
                }
            }

            [Workflow("endless", Strategy = "refinement", MaxIterations = 1)]
            [Step("slogan_drafter")]
            [Step("slogan_critic")]
            public static partial class Endless
            {
                public static async Task<string> Probe() => (await RunAsync(new Order("a", 1))).Status.ToString();
            }
            """;

        var assembly = GeneratorHarness.Load(GeneratorHarness.RunClean(source).Compilation);

        Assert.Equal("buy now!2 after 2", await (Task<string>)assembly.GetType("Shop.Slogan")!.GetMethod("Probe")!.Invoke(null, null)!);
        Assert.Equal("Exhausted", await (Task<string>)assembly.GetType("Shop.Endless")!.GetMethod("Probe")!.Invoke(null, null)!);
    }

    [Fact]
    public async Task The_conditional_runners_take_the_first_matching_branch_with_typed_conditions()
    {
        var source = Sources.Domain + """

            [AgentTemplate("bulk_desk")]
            public sealed class BulkDesk : IAgent<Order, Receipt>
            {
                public ValueTask<Receipt> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Receipt("bulk"));
            }

            [AgentTemplate("vip_desk")]
            public sealed class VipDesk : IAgent<Order, Receipt>
            {
                public ValueTask<Receipt> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Receipt("vip"));
            }

            [AgentTemplate("front_desk")]
            public sealed class FrontDesk : IAgent<Order, Receipt>
            {
                public ValueTask<Receipt> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Receipt("front"));
            }

            [Workflow("bulk_only", Strategy = "conditional")]
            [Step("bulk_desk", When = nameof(IsBulk))]
            public static partial class BulkOnly
            {
                private static bool IsBulk(Order order) => order.Items >= 100;
            }

            [Workflow("desks", Strategy = "multi_conditional")]
            [Step("vip_desk", When = nameof(IsVip))]
            [Step("bulk_desk", When = nameof(IsBulk))]
            [Step("front_desk")]
            public static partial class Desks
            {
                private static bool IsVip(Order order) => order.Customer == "vip";
                private static bool IsBulk(object order) => ((Order)order).Items >= 100;

                public static async Task<string> Probe()
                {
                    WorkflowResult<Branched<Receipt>> vip = await RunAsync(new Order("vip", 500));
                    WorkflowResult<Branched<Receipt>> bulk = await RunAsync(new Order("x", 500));
                    WorkflowResult<Branched<Receipt>> other = await RunAsync(new Order("x", 1));
                    WorkflowResult<Branched<Receipt>> none = await BulkOnly.RunAsync(new Order("x", 1));
                    return $"{vip.Output.Output!.Text} {bulk.Output.Output!.Text} {other.Output.Output!.Text} {other.Output.BranchIndex} {none.Output.Taken}";
                }
            }
            """;

        var assembly = GeneratorHarness.Load(GeneratorHarness.RunClean(source).Compilation);

        Assert.Equal("vip bulk front 3 False", await (Task<string>)assembly.GetType("Shop.Desks")!.GetMethod("Probe")!.Invoke(null, null)!);
    }

    [Fact]
    public async Task The_debate_runner_argues_rounds_and_lets_the_judge_decide()
    {
        var source = Sources.Domain + """

            public enum Vote { Approve, Reject }

            [AgentTemplate("approver")]
            public sealed class Approver : IAgent<Order, Vote>
            {
                public ValueTask<Vote> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(Vote.Approve);
            }

            [AgentTemplate("skeptic")]
            public sealed class Skeptic : IAgent<Order, Vote>
            {
                public ValueTask<Vote> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken)
                {
                    var handoff = (DebateHandoff)context.Handoff!;
                    return ValueTask.FromResult(handoff.Round == 1 ? Vote.Reject : (Vote)handoff.OthersPrevious[0].Position!);
                }
            }

            [AgentTemplate("chair")]
            public sealed class Chair : IAgent<DebateTranscript<Vote>, string>
            {
                public ValueTask<string> RunAsync(DebateTranscript<Vote> input, AgentContext context, CancellationToken cancellationToken) =>
                    ValueTask.FromResult($"{input.MajorityPosition} after {input.Rounds.Count} rounds, agreement {input.Agreement}");
            }

            [Workflow("approval", Strategy = "debate", Rounds = 3)]
            [Step("approver")]
            [Step("skeptic")]
            [Step("chair")]
            public static partial class Approval
            {
                public static async Task<string> Probe()
                {
                    WorkflowResult<string> judged = await RunAsync(new Order("a", 1));
                    WorkflowResult<DebateTranscript<Vote>> open = await OpenFloor.RunAsync(new Order("a", 1));
                    return $"{judged.Output} | {open.Output.ConsensusReached}";
                }
            }

            [Workflow("open_floor", Strategy = "debate", Rounds = 1)]
            [Step("approver")]
            [Step("skeptic")]
            public static partial class OpenFloor;
            """;

        var assembly = GeneratorHarness.Load(GeneratorHarness.RunClean(source).Compilation);

        Assert.Equal("Approve after 3 rounds, agreement 1 | False", await (Task<string>)assembly.GetType("Shop.Approval")!.GetMethod("Probe")!.Invoke(null, null)!);
    }

    [Fact]
    public async Task The_delegation_chain_runner_plans_delegates_and_synthesizes()
    {
        var source = Sources.Domain + """

            [AgentTemplate("order_planner")]
            public sealed class OrderPlanner : IAgent<Order, DelegationPlan>
            {
                public ValueTask<DelegationPlan> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) =>
                    ValueTask.FromResult(new DelegationPlan(new[] { new Assignment("stock_check", "count " + input.Items), new Assignment("fraud_check", input.Customer) }));
            }

            [AgentTemplate("stock_check")]
            public sealed class StockCheck : IAgent<string, string>
            {
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult("in stock: " + input);
            }

            [AgentTemplate("fraud_check")]
            public sealed class FraudCheck : IAgent<string, string>
            {
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult("trusted: " + input);
            }

            [AgentTemplate("order_synthesizer")]
            public sealed class OrderSynthesizer : IAgent<DelegationReports<string>, Receipt>
            {
                public ValueTask<Receipt> RunAsync(DelegationReports<string> input, AgentContext context, CancellationToken cancellationToken) =>
                    ValueTask.FromResult(new Receipt(string.Join(" / ", input.Reports.Select(r => r.Report))));
            }

            [Workflow("order_review", Strategy = "delegation_chain")]
            [Step("order_planner")]
            [Step("stock_check")]
            [Step("fraud_check")]
            [Step("order_synthesizer")]
            public static partial class OrderReview
            {
                public static async Task<string> Probe() => (await RunAsync(new Order("ann", 3))).Output.Text;
            }
            """;

        var assembly = GeneratorHarness.Load(GeneratorHarness.RunClean(source.Replace("using System;", "using System;\nusing System.Linq;")).Compilation);

        Assert.Equal("in stock: count 3 / trusted: ann", await (Task<string>)assembly.GetType("Shop.OrderReview")!.GetMethod("Probe")!.Invoke(null, null)!);
    }

    [Fact]
    public async Task The_prompt_cached_runner_gives_every_chat_agent_the_same_context_first()
    {
        var source = GeneratorHarness.Usings + """
            using System.Linq;
            using Microsoft.Extensions.AI;
            using Orchestration.Testing;

            namespace Copy;

            [AgentTemplate("writer", DefaultInstructions = "Write it.")]
            public sealed class Writer(IChatClient chat) : ChatAgent<string, string>(chat);

            [AgentTemplate("editor", DefaultInstructions = "Edit it.")]
            public sealed class Editor(IChatClient chat) : ChatAgent<string, string>(chat);

            [Workflow("copy", Strategy = "prompt_cached_sequential", CachedContext = "STYLE GUIDE")]
            [Step("writer")]
            [Step("editor")]
            public static partial class CopyDesk
            {
                public static async Task<string> Probe()
                {
                    var chat = new ScriptedChatClient(new ScriptedReply("draft", 10, 2), new ScriptedReply("final", 12, 3));
                    using var services = new ServiceCollection().AddSingleton<IChatClient>(chat).AddOrchestration().BuildServiceProvider();
                    var result = await RunAsync("brief", services);
                    var firsts = string.Join(",", chat.Requests.Select(r => r.Messages[0].Text));
                    return $"{result.Output} | {firsts} | {result.Usage.TotalTokens}";
                }
            }
            """;

        var assembly = GeneratorHarness.Load(GeneratorHarness.RunClean(source).Compilation);

        Assert.Equal("final | STYLE GUIDE,STYLE GUIDE | 27", await (Task<string>)assembly.GetType("Copy.CopyDesk")!.GetMethod("Probe")!.Invoke(null, null)!);
    }

    [Fact]
    public void Steps_keep_source_order_across_attribute_lists()
    {
        var source = Sources.Domain + """

            [Workflow("ordered"), Step("pricer")]
            [Step("receipt_writer")]
            public static partial class Ordered;
            """;

        var generated = GeneratorHarness.RunClean(source).Generated("Shop.Ordered.g.cs");

        Assert.True(generated.IndexOf("global::Orchestration.Generated.TestAppModule.Templates.Pricer,", StringComparison.Ordinal) is > 0 and var pricer
            && pricer < generated.IndexOf("global::Orchestration.Generated.TestAppModule.Templates.ReceiptWriter);", StringComparison.Ordinal));
    }

    private static MethodInfo RunAsyncOf(string typeName) =>
        Assembly.Value.GetType(typeName)!.GetMethods().Single(m => m.Name == "RunAsync" && m.GetParameters().Length == 4);

    private static string Describe(Type type) => type.IsGenericType
        ? $"{type.Name}[{string.Join(",", type.GetGenericArguments().Select(Describe))}]"
        : type.Name;
}
