using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Orchestration.Generators.Tests;

/// <summary>
/// Generated text is a product surface: these files are compared character for character with the ones in
/// <c>Golden/</c>. After an intended change, run the tests with <c>ORCHESTRATION_UPDATE_GOLDEN=1</c> to rewrite them,
/// and review the diff like any other change.
/// </summary>
public sealed class GoldenTests
{
    private const string HouseStyle = GeneratorHarness.Usings + """
        namespace Newsroom;

        public sealed record Draft(string Title);
        public sealed record Decision(bool Approved);
        public sealed record Published(string Text);

        [AgentTemplate("drafter")]
        public sealed class Drafter : IAgent<string, Draft>
        {
            public ValueTask<Draft> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Draft(input));
        }

        [InputRequest("editor_approval", Description = "Approve the draft", DeadlineSeconds = 86400)]
        public sealed class EditorApproval : InputRequest<Draft, Decision>;

        [AgentTemplate("publisher")]
        public sealed class Publisher : IAgent<Answered<Draft, Decision>, Published>
        {
            public ValueTask<Published> RunAsync(Answered<Draft, Decision> input, AgentContext context, CancellationToken cancellationToken) =>
                ValueTask.FromResult(new Published(input.Request.Title));
        }

        [Workflow("house_style", Strategy = "prompt_cached_sequential", CachedContext = "Short sentences.", Description = "Draft, let it rest, get it approved, publish")]
        [Step("drafter")]
        [Step(DelaySeconds = 3600)]
        [Step(Until = nameof(NextMorning))]
        [Step(Await = "editor_approval")]
        [Step("publisher")]
        public static partial class HouseStyle
        {
            private static DateTimeOffset NextMorning(Draft draft) => DateTimeOffset.UtcNow.Date.AddDays(1).AddHours(9);
        }
        """;

    private const string Loops = GeneratorHarness.Usings + """
        using System.Collections.Generic;
        using System.Linq;

        namespace Build;

        public sealed record Plan(IReadOnlyList<string> Tasks);
        public sealed record Attempt(int Failures);

        [AgentTemplate("implementer")]
        public sealed class Implementer : IAgent<string, Attempt>
        {
            public ValueTask<Attempt> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Attempt(input.Length));
        }

        [AgentTemplate("fixer")]
        public sealed class Fixer : IAgent<Attempt, Attempt>
        {
            public ValueTask<Attempt> RunAsync(Attempt input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Attempt(input.Failures - 1));
        }

        [Workflow("implement_plan", Strategy = "for_each", Items = nameof(TasksOf), MaxParallelism = 2)]
        [Step("implementer")]
        public static partial class ImplementPlan
        {
            private static IEnumerable<string> TasksOf(Plan plan) => plan.Tasks;
        }

        [Workflow("fix_until_green", Strategy = "repeat_until", Until = nameof(Green), MaxIterations = 4)]
        [Step("fixer")]
        public static partial class FixUntilGreen
        {
            private static bool Green(Attempt attempt) => attempt.Failures <= 0;
        }
        """;

    // One workflow of every built-in shape, with the module and entry point they produce: every generated file of this
    // compilation is golden text (Golden/Shapes/), so that any change to what is emitted is reviewed as a diff.
    private const string Shapes = GeneratorHarness.Usings + """
        using Orchestration.Strategies;
        using System.Collections.Generic;

        namespace Shapes;

        public sealed record Order(string Customer, int Items);
        public sealed record Priced(decimal Total);
        public sealed record Receipt(string Text);

        [AgentTemplate("pricer", Role = "Prices an order", TimeoutSeconds = 60, MaxAttempts = 2)]
        public sealed class Pricer : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Priced(input.Items));
        }

        [AgentTemplate("senior_pricer", Tier = ModelTier.Premium)]
        public sealed class SeniorPricer : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Priced(input.Items));
        }

        [AgentTemplate("receipt_writer", Tools = ["printer"])]
        public sealed class ReceiptWriter : IAgent<Priced, Receipt>
        {
            public ValueTask<Receipt> RunAsync(Priced input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Receipt(input.Total.ToString()));
        }

        [AgentTemplate("price_critic")]
        public sealed class PriceCritic : IAgent<Priced, Critique>
        {
            public ValueTask<Critique> RunAsync(Priced input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Critique(true, "fine"));
        }

        [AgentTemplate("price_reviser")]
        public sealed class PriceReviser : IAgent<Priced, Priced>
        {
            public ValueTask<Priced> RunAsync(Priced input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input);
        }

        [AgentTemplate("order_classifier")]
        public sealed class OrderClassifier : IAgent<Order, string>
        {
            public ValueTask<string> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult("big");
        }

        [AgentTemplate("planner")]
        public sealed class Planner : IAgent<Order, DelegationPlan>
        {
            public ValueTask<DelegationPlan> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new DelegationPlan([]));
        }

        [AgentTemplate("researcher")]
        public sealed class Researcher : IAgent<string, string>
        {
            public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input);
        }

        [AgentTemplate("synthesizer")]
        public sealed class Synthesizer : IAgent<DelegationReports<string>, Receipt>
        {
            public ValueTask<Receipt> RunAsync(DelegationReports<string> input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Receipt("done"));
        }

        [AgentTemplate("judge")]
        public sealed class Judge : IAgent<DebateTranscript<Priced>, Priced>
        {
            public ValueTask<Priced> RunAsync(DebateTranscript<Priced> input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Priced(1));
        }

        [Strategy("reverse", Shape = StrategyShape.Chain)]
        public sealed class Reverse : ExecutionStrategy
        {
            public override ValueTask<StrategyOutcome> ExecuteAsync(StrategyExecution execution, CancellationToken cancellationToken) => default;
        }

        [Workflow("checkout", Description = "Price an order, then write the receipt")]
        [Step("pricer")]
        [Step("receipt_writer")]
        public static partial class Checkout;

        [Workflow("quotes", Strategy = "parallel")]
        [Step("pricer")]
        [Step("senior_pricer")]
        public static partial class Quotes;

        [Workflow("taught", Strategy = "teaching", ConfidenceThreshold = 0.6)]
        [Step("pricer")]
        [Step("senior_pricer")]
        public static partial class Taught;

        [Workflow("routed", Strategy = "adaptive", Router = nameof(Route))]
        [Step("order_classifier")]
        [Step("pricer")]
        [Step("senior_pricer")]
        public static partial class Routed
        {
            private static string Route(string size) => size == "big" ? "senior_pricer" : "pricer";
        }

        [Workflow("refined", Strategy = "refinement", MaxIterations = 2)]
        [Step("pricer")]
        [Step("price_critic")]
        [Step("price_reviser")]
        public static partial class Refined;

        [Workflow("branched", Strategy = "multi_conditional")]
        [Step("senior_pricer", When = nameof(Big))]
        [Step("pricer")]
        public static partial class Branched
        {
            private static bool Big(Order order) => order.Items > 10;
        }

        [Workflow("wrapped", Strategy = "nested")]
        [Step(Workflow = "checkout")]
        public static partial class Wrapped;

        [Workflow("debated", Strategy = "debate", Rounds = 3)]
        [Step("pricer")]
        [Step("senior_pricer")]
        [Step("judge")]
        public static partial class Debated;

        [Workflow("delegated", Strategy = "delegation_chain")]
        [Step("planner")]
        [Step("researcher")]
        [Step("synthesizer")]
        public static partial class Delegated;

        [Workflow("printed", Strategy = "tool_enhanced")]
        [Step("receipt_writer")]
        public static partial class Printed;

        [Workflow("reversed", Strategy = "reverse")]
        [Step("pricer")]
        public static partial class Reversed;

        [Workflow("each_order", Strategy = "for_each", MaxParallelism = 4)]
        [Step(Workflow = "checkout")]
        public static partial class EachOrder;

        [Workflow("repriced", Strategy = "repeat_until", Until = nameof(Cheap), MaxIterations = 5)]
        [Step("price_reviser")]
        public static partial class Repriced
        {
            private static bool Cheap(Priced priced) => priced.Total < 100;
        }
        """;

    [Fact]
    public async Task Every_shape_with_its_module_and_entry_point()
    {
        var directory = Path.Combine(RepositoryRoot(), "tests", "Orchestration.Generators.Tests", "Golden", "Shapes");
        if (Environment.GetEnvironmentVariable("ORCHESTRATION_UPDATE_GOLDEN") == "1")
        {
            var outcome = GeneratorHarness.RunClean(Shapes);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
            foreach (var hint in outcome.HintNames)
            {
                File.WriteAllText(Path.Combine(directory, hint + ".txt"), outcome.Generated(hint));
            }
        }

        // On the source generator testing library: the generated files must be exactly the golden ones (no more, no
        // fewer, the same text), and the project with them must compile without errors or warnings.
        var test = new CSharpSourceGeneratorTest<OrchestrationGenerator, DefaultVerifier>
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
        };
        // The test's own declarations need no documentation; the generated files' documentation is checked (CS1591).
        test.TestState.Sources.Add(("Declarations.cs", "#pragma warning disable CS1591\n" + Shapes));
        test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            return solution
                .WithProjectAssemblyName(projectId, "TestApp")
                .WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.CSharp12))
                .WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable));
        });
        Assert.True(Directory.Exists(directory), $"{directory} does not exist; run the tests with ORCHESTRATION_UPDATE_GOLDEN=1 to write it");
        foreach (var file in Directory.GetFiles(directory).OrderBy(f => f, StringComparer.Ordinal))
        {
            var hint = Path.GetFileNameWithoutExtension(file);
            test.TestState.GeneratedSources.Add((typeof(OrchestrationGenerator), hint, SourceText.From(File.ReadAllText(file), Encoding.UTF8)));
        }

        await test.RunAsync();
    }

    [Fact]
    public void A_workflow_that_delays_and_waits() => AssertGolden(GeneratorHarness.RunClean(HouseStyle).Generated("Newsroom.HouseStyle.g.cs"), "Newsroom.HouseStyle.g.cs.txt");

    [Fact]
    public void A_for_each_over_an_items_method() => AssertGolden(GeneratorHarness.RunClean(Loops).Generated("Build.ImplementPlan.g.cs"), "Build.ImplementPlan.g.cs.txt");

    [Fact]
    public void A_repeat_until() => AssertGolden(GeneratorHarness.RunClean(Loops).Generated("Build.FixUntilGreen.g.cs"), "Build.FixUntilGreen.g.cs.txt");

    /// <summary>
    /// Generated text reads like written code: documentation wraps at 120 columns (the diagrams in <c>&lt;code&gt;</c>
    /// blocks stay as drawn), a run method whose signature would be longer puts one parameter per line, and the diagram
    /// constant is one literal per line of the diagram.
    /// </summary>
    [Fact]
    public void Documentation_and_parameter_lists_wrap_at_120_columns()
    {
        var checkedFiles = 0;
        foreach (var (outcome, hint) in new[] { Shapes, HouseStyle, Loops }
            .Select(source => GeneratorHarness.RunClean(source))
            .SelectMany(o => o.HintNames.Where(h => !h.EndsWith(".Manifest.g.cs", StringComparison.Ordinal)).Select(h => (o, h))))
        {
            var inCode = false;
            foreach (var line in outcome.Generated(hint).Split('\n'))
            {
                var text = line.TrimStart();
                inCode = text == "/// <code>" || (inCode && text != "/// </code>");
                if (text.StartsWith("///", StringComparison.Ordinal) && !inCode)
                {
                    Assert.True(line.Length <= 120, $"{hint}: documentation line of {line.Length} columns: {line}");
                }

                if (System.Text.RegularExpressions.Regex.IsMatch(text, @"^(public|internal|private) static .*\b(RunAsync|ResumeAsync|RespondAsync|ExecuteAsync)\("))
                {
                    Assert.True(line.Length <= 120 || text.EndsWith("(", StringComparison.Ordinal), $"{hint}: a signature of {line.Length} columns on one line: {line}");
                }

                Assert.False(text.StartsWith("public const string Diagram = \"", StringComparison.Ordinal) && text.Length > 120, $"{hint}: the diagram on one line: {line}");
            }

            checkedFiles++;
        }

        Assert.True(checkedFiles >= 20, $"only {checkedFiles} generated files were checked");
    }

    private static void AssertGolden(string actual, string fileName)
    {
        var path = Path.Combine(RepositoryRoot(), "tests", "Orchestration.Generators.Tests", "Golden", fileName);
        if (Environment.GetEnvironmentVariable("ORCHESTRATION_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"{path} does not exist; run the tests with ORCHESTRATION_UPDATE_GOLDEN=1 to write it");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Generators.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Generators.sln not found");
    }
}
