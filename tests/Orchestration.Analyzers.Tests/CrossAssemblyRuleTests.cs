using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Orchestration.Generators;

namespace Orchestration.Analyzers.Tests;

/// <summary>Ids declared in a referenced assembly resolve (no false positive) and are still checked (no false negative).</summary>
public sealed class CrossAssemblyRuleTests
{
    private const string Library = AnalyzerHarness.Usings + """
        namespace Lib;

        public sealed record Order(string Customer);
        public sealed record Priced(decimal Total);
        internal sealed record Secret(string Value);

        [AgentTemplate("pricer")]
        public sealed class Pricer : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Priced(1));
        }

        [AgentTemplate("secret_keeper")]
        internal sealed class SecretKeeper : IAgent<Order, Secret>
        {
            public ValueTask<Secret> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Secret(""));
        }

        [Workflow("pricing")]
        [Step("pricer")]
        public static partial class Pricing;

        [Workflow("deep_pricing", Strategy = "nested_sequential", MaxDepth = 5)]
        [Step(Workflow = "pricing")]
        public static partial class DeepPricing;
        """;

    private static readonly MetadataReference LibraryReference = BuildLibrary();

    [Fact]
    public void Library_templates_and_workflows_resolve_with_their_types()
    {
        AnalyzerHarness.AssertNone(
        [
            (AnalyzerHarness.Usings + """
                using Lib;
                namespace App;

                public sealed record Invoice(decimal Amount);

                [AgentTemplate("invoicer")]
                public sealed class Invoicer : IAgent<Priced, Invoice>
                {
                    public ValueTask<Invoice> RunAsync(Priced input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Invoice(input.Total));
                }

                [Workflow("billing", Strategy = "nested_sequential")]
                [Step(Workflow = "deep_pricing")]
                [Step("invoicer")]
                public static partial class Billing;

                [Workflow("direct")]
                [Step("pricer")]
                [Step("invoicer")]
                public static partial class Direct;

                public static class Lookups
                {
                    public static void Use(OrchestrationRegistry registry) => registry.Workflows.Get("pricing");
                }
                """, "App.cs"),
        ],
        [LibraryReference]);
    }

    [Fact]
    public void A_typo_in_a_library_workflow_id_is_still_an_error_listing_library_ids() => AnalyzerHarness.AssertSingle(
        AnalyzerHarness.Usings + """
            namespace App;
            [Workflow("billing", Strategy = "nested_sequential")]
            [Step(Workflow = [|"pricng"|])]
            public static partial class Billing;
            """,
        "ORCH0002",
        "Step 1 of workflow 'billing': Unknown workflow 'pricng'. Available: billing, deep_pricing, pricing. Did you mean 'pricing'?",
        extra: [LibraryReference]);

    [Fact]
    public void Types_are_checked_across_the_assembly_boundary() => AnalyzerHarness.AssertSingle(
        AnalyzerHarness.Usings + """
            namespace App;
            [Workflow("twice")]
            [Step("pricer")]
            [Step([|"pricer"|])]
            public static partial class Twice;
            """,
        "ORCH0006",
        "Step 2 'pricer' takes Order but step 1 'pricer' produces Priced",
        extra: [LibraryReference]);

    [Fact]
    public void Nesting_depth_counts_levels_inside_the_library() => AnalyzerHarness.AssertSingle(
        AnalyzerHarness.Usings + """
            namespace App;
            [Workflow("shallow", Strategy = "nested_sequential", MaxDepth = 1)]
            [Step(Workflow = [|"deep_pricing"|])]
            public static partial class Shallow;
            """,
        "ORCH0003",
        "Workflow 'shallow' nests 2 levels deep (shallow → deep_pricing → pricing); the limit is 1. Flatten the chain or raise MaxDepth.",
        extra: [LibraryReference]);

    [Fact]
    public void ORCH0015_an_internal_library_template_cannot_be_run_from_the_application() => AnalyzerHarness.AssertSingle(
        AnalyzerHarness.Usings + """
            namespace App;
            [Workflow("peek")]
            [Step([|"secret_keeper"|])]
            public static partial class Peek;
            """,
        "ORCH0015",
        "Step 1 of workflow 'peek': template 'secret_keeper' from Lib is not public (its agent, input or output type is internal), so this assembly cannot run it; make those types public",
        extra: [LibraryReference]);

    [Fact]
    public void Declaring_an_id_the_library_already_declares_is_a_duplicate() => AnalyzerHarness.AssertSingle(
        AnalyzerHarness.Usings + """
            namespace App;
            [Workflow([|"pricing"|])]
            [Step("pricer")]
            public static partial class MyPricing;
            """,
        "ORCH0008",
        "Workflow id 'pricing' is declared more than once: also by assembly Lib; give each workflow its own id",
        extra: [LibraryReference]);

    private static MetadataReference BuildLibrary()
    {
        var compilation = AnalyzerHarness.Compile([(Library, "Library.cs")], "Lib");
        CSharpGeneratorDriver.Create([new OrchestrationGenerator().AsSourceGenerator()], parseOptions: new CSharpParseOptions(LanguageVersion.CSharp12))
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        using var stream = new MemoryStream();
        var emit = generated.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
