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

    private const string PressLibrary = AnalyzerHarness.Usings + """
        namespace Press;

        public sealed record Draft(string Title);
        public sealed record Decision(bool Approved);
        internal sealed record Memo(string Text);

        [AgentTemplate("drafter")]
        public sealed class Drafter : IAgent<string, Draft>
        {
            public ValueTask<Draft> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Draft(input));
        }

        [InputRequest("editor_approval")]
        public sealed class EditorApproval : InputRequest<Draft, Decision>;

        [InputRequest("internal_review")]
        internal sealed class InternalReview : InputRequest<Draft, Memo>;

        [Workflow("approval")]
        [Step(Await = "editor_approval")]
        public static partial class Approval;

        [Workflow("scheduled_draft")]
        [Step("drafter")]
        [Step(DelaySeconds = 60)]
        public static partial class ScheduledDraft;
        """;

    private static readonly MetadataReference LibraryReference = BuildLibrary(Library, "Lib");

    private static readonly MetadataReference PressReference = BuildLibrary(PressLibrary, "Press");

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
        "Step 1 of workflow 'billing': Unknown workflow 'pricng'. Available: deep_pricing, pricing. Did you mean 'pricing'?",
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
        "Workflow 'shallow' nests 2 levels deep (shallow → deep_pricing → pricing); the limit is 1 (its own MaxDepth). Flatten the chain or raise MaxDepth.",
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

    [Fact]
    public void An_application_waits_for_a_library_request_and_nests_a_library_workflow_that_waits()
    {
        AnalyzerHarness.AssertNone(
        [
            (AnalyzerHarness.Usings + """
                using Press;
                namespace App;

                public sealed record Story(string Text);

                [AgentTemplate("publisher")]
                public sealed class Publisher : IAgent<Answered<Draft, Decision>, Story>
                {
                    public ValueTask<Story> RunAsync(Answered<Draft, Decision> input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Story(input.Request.Title));
                }

                [Workflow("publishing")]
                [Step("drafter")]
                [Step(Await = "editor_approval")]
                [Step("publisher")]
                public static partial class Publishing;

                [Workflow("reviewed_publishing", Strategy = "nested_sequential")]
                [Step(Workflow = "scheduled_draft")]
                [Step(Workflow = "approval")]
                [Step("publisher")]
                public static partial class ReviewedPublishing;
                """, "App.cs"),
        ],
        [PressReference]);
    }

    [Fact]
    public void ORCH0020_a_library_workflow_that_waits_cannot_be_nested_in_a_fan_out() => AnalyzerHarness.AssertSingle(
        AnalyzerHarness.Usings + """
            namespace App;
            [Workflow("checks", Strategy = "parallel")]
            [Step(Workflow = [|"approval"|])]
            public static partial class Checks;
            """,
        "ORCH0020",
        "Step 1 of workflow 'checks' nests workflow 'approval', which waits for input request 'editor_approval', but strategy 'parallel' cannot hold a wait: " +
        "a waiting run stops and is continued later from its records, which only sequential, nested_sequential, nested and prompt_cached_sequential workflows can do (and for_each and repeat_until, in the workflow they repeat). Move the wait into a sequential workflow",
        extra: [PressReference]);

    [Fact]
    public void ORCH0020_a_library_workflow_that_delays_cannot_be_a_branch() => AnalyzerHarness.AssertSingle(
        AnalyzerHarness.Usings + """
            namespace App;
            [Workflow("maybe_later", Strategy = "conditional")]
            [Step(Workflow = [|"scheduled_draft"|], When = nameof(Later))]
            public static partial class MaybeLater
            {
                private static bool Later(string topic) => topic.Length > 3;
            }
            """,
        "ORCH0020",
        "Step 1 of workflow 'maybe_later' nests workflow 'scheduled_draft', which delays the run, but strategy 'conditional' cannot hold a wait: " +
        "a waiting run stops and is continued later from its records, which only sequential, nested_sequential, nested and prompt_cached_sequential workflows can do (and for_each and repeat_until, in the workflow they repeat). Move the wait into a sequential workflow",
        extra: [PressReference]);

    [Fact]
    public void ORCH0019_a_typo_in_a_library_request_id_lists_the_library_ids() => AnalyzerHarness.AssertSingle(
        AnalyzerHarness.Usings + """
            namespace App;
            [Workflow("publishing")]
            [Step("drafter")]
            [Step(Await = [|"editor_aproval"|])]
            public static partial class Publishing;
            """,
        "ORCH0019",
        "Step 2 of workflow 'publishing': Unknown input request 'editor_aproval'. Available: editor_approval, internal_review. Did you mean 'editor_approval'?",
        extra: [PressReference]);

    [Fact]
    public void ORCH0015_an_internal_library_request_cannot_be_awaited_from_the_application() => AnalyzerHarness.AssertSingle(
        AnalyzerHarness.Usings + """
            namespace App;
            [Workflow("peek")]
            [Step("drafter")]
            [Step(Await = [|"internal_review"|])]
            public static partial class Peek;
            """,
        "ORCH0015",
        "Step 2 of workflow 'peek': input request 'internal_review' from Press is not public (its class, request or response type is internal), so this assembly cannot wait for it; make those types public",
        extra: [PressReference]);

    [Fact]
    public void Declaring_a_request_id_the_library_already_declares_is_a_duplicate() => AnalyzerHarness.AssertSingle(
        AnalyzerHarness.Usings + """
            namespace App;
            public sealed record Note(string Text);
            [InputRequest([|"editor_approval"|])]
            public sealed class MyApproval : InputRequest<Note, bool>;
            """,
        "ORCH0008",
        "Input request id 'editor_approval' is declared more than once: also by assembly Press; give each input request its own id",
        extra: [PressReference]);

    private static MetadataReference BuildLibrary(string source, string assemblyName)
    {
        var compilation = AnalyzerHarness.Compile([(source, "Library.cs")], assemblyName);
        CSharpGeneratorDriver.Create([new OrchestrationGenerator().AsSourceGenerator()], parseOptions: new CSharpParseOptions(LanguageVersion.CSharp12))
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        using var stream = new MemoryStream();
        var emit = generated.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
