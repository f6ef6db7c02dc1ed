using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace Orchestration.Generators.Tests;

/// <summary>A library's declarations are visible to, and checked in, the applications that reference it.</summary>
public sealed class CrossAssemblyTests
{
    private const string App = GeneratorHarness.Usings + """
        using Shop;

        namespace App;

        public sealed record Invoice(string Line);

        [AgentTemplate("invoicer")]
        public sealed class Invoicer : IAgent<Receipt, Invoice>
        {
            public ValueTask<Invoice> RunAsync(Receipt input, AgentContext context, CancellationToken cancellationToken) =>
                ValueTask.FromResult(new Invoice("INVOICE " + input.Text));
        }

        [Workflow("billing", Strategy = "nested_sequential")]
        [Step(Workflow = "checkout")]
        [Step("invoicer")]
        public static partial class Billing;

        [Workflow("quick_risk")]
        [Step("risk_scorer")]
        public static partial class QuickRisk;

        public static class Probe
        {
            public static async Task<string> Run()
            {
                var services = new ServiceCollection().AddSingleton<IClock, FixedClock>().AddOrchestration().BuildServiceProvider();
                var billing = await Billing.RunAsync(new Order("lin", 2), services);
                var risk = await QuickRisk.RunAsync(new Order("lin", 20));
                var registry = services.GetRequiredService<OrchestrationRegistry>();
                return string.Join("|",
                    billing.Output.Line,
                    risk.Output.Score,
                    string.Join(",", registry.Templates.All.Select(t => t.Id)),
                    string.Join(",", registry.Workflows.All.Select(w => w.Id)),
                    WorkflowIds.AuditedCheckout);
            }
        }
        """;

    [Fact]
    public async Task An_application_nests_library_workflows_and_uses_library_templates()
    {
        var library = GeneratorHarness.RunClean(Sources.Domain + Sources.Workflows, "Shop.Library").Compilation;
        var libraryImage = Emit(library);

        var app = GeneratorHarness.RunClean(App.Replace("using Orchestration;", "using System.Linq;\nusing Orchestration;"), "Shop.App", [MetadataReference.CreateFromImage(libraryImage)]);

        var context = new AssemblyLoadContext("cross-assembly-" + Guid.NewGuid().ToString("N"));
        context.LoadFromStream(new MemoryStream(libraryImage));
        var appAssembly = context.LoadFromStream(new MemoryStream(Emit(app.Compilation)));
        var summary = await (Task<string>)appAssembly.GetType("App.Probe")!.GetMethod("Run")!.Invoke(null, null)!;

        Assert.Equal(
            "INVOICE lin: 5.0 at noon|0.9|" +
            "pricer,receipt_writer,risk_scorer,receipt_auditor,invoicer|" +
            "checkout,assessment,audited_checkout,billing,quick_risk|audited_checkout",
            summary);
        Assert.Contains("global::Shop.Checkout.Definition", app.Generated("App.Billing.g.cs"));
    }

    [Fact]
    public void Library_ids_resolve_without_false_positives_and_typos_still_get_no_runner()
    {
        var library = GeneratorHarness.RunClean(Sources.Domain + Sources.Workflows, "Shop.Library").Compilation;
        var reference = GeneratorHarness.AsReference(library);
        var source = GeneratorHarness.Usings + """
            namespace App;
            [Workflow("typo", Strategy = "nested_sequential")]
            [Step(Workflow = "chekout")]
            public static partial class Typo;

            [Workflow("fine", Strategy = "nested_sequential")]
            [Step(Workflow = "checkout")]
            public static partial class Fine;
            """;

        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(source, "Shop.App", [reference]));

        Assert.Contains("App.Fine.g.cs", outcome.HintNames);
        Assert.False(outcome.HasRunner("App.Typo.g.cs"));
        Assert.Empty(outcome.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void An_internal_library_template_is_known_but_not_usable_from_the_application()
    {
        var library = GeneratorHarness.RunClean(GeneratorHarness.Usings + """
            namespace Lib;
            [AgentTemplate("hidden")]
            internal sealed class Hidden : IAgent<string, string>
            {
                public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input);
            }
            """, "Lib").Compilation;

        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(GeneratorHarness.Usings + """
            namespace App;
            [Workflow("uses_hidden")]
            [Step("hidden")]
            public static partial class UsesHidden;
            """, "App", [GeneratorHarness.AsReference(library)]));

        Assert.False(outcome.HasRunner("App.UsesHidden.g.cs"));
        Assert.Contains("public const string Hidden = \"hidden\";", outcome.Generated("Orchestration.GeneratedOrchestration.g.cs"));
        Assert.Empty(outcome.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private const string Press = GeneratorHarness.Usings + """
        namespace Press;

        public sealed record Draft(string Title);
        public sealed record Decision(bool Approved, string Note);

        [InputRequest("editor_approval", Description = "Approve the draft")]
        public sealed class EditorApproval : InputRequest<Draft, Decision>;

        [Workflow("approval")]
        [Step(Await = "editor_approval")]
        public static partial class Approval;
        """;

    private const string Newsroom = GeneratorHarness.Usings + "using Orchestration.Records;\n" + """
        using Press;

        namespace Newsroom;

        [AgentTemplate("drafter")]
        public sealed class Drafter : IAgent<string, Draft>
        {
            public ValueTask<Draft> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new Draft(input));
        }

        [AgentTemplate("publisher")]
        public sealed class Publisher : IAgent<Answered<Draft, Decision>, string>
        {
            public ValueTask<string> RunAsync(Answered<Draft, Decision> input, AgentContext context, CancellationToken cancellationToken) =>
                ValueTask.FromResult($"{input.Request.Title}: {input.Response.Note}");
        }

        [Workflow("publishing")]
        [Step("drafter")]
        [Step(Await = "editor_approval")]
        [Step("publisher")]
        public static partial class Publishing;

        [Workflow("reviewed_publishing", Strategy = "nested_sequential")]
        [Step("drafter")]
        [Step(Workflow = "approval")]
        [Step("publisher")]
        public static partial class ReviewedPublishing
        {
            public static async Task<string> Probe(string root)
            {
                using var store = new FileRunStore(root);
                var options = new WorkflowRunOptions { RunId = "reviewed", Store = store };
                var waiting = await RunAsync("tide", options: options);
                var answered = await RespondAsync("reviewed", new Decision(true, "run it"), null, options);
                var direct = await Publishing.RunAsync("moon", options: new WorkflowRunOptions { RunId = "direct", Store = store });
                return $"{waiting.Status} {waiting.Wait!.Path} | {answered.Status} {answered.Output} | {direct.Status} {direct.Wait!.StepId} {direct.Wait.Description}";
            }
        }
        """;

    [Fact]
    public void An_application_waits_for_a_library_request_through_the_library_definition_and_answers_a_nested_library_wait()
    {
        var library = GeneratorHarness.RunClean(Press, "Press").Compilation;

        var app = GeneratorHarness.RunClean(Newsroom, "Newsroom", [GeneratorHarness.AsReference(library)]);

        Assert.Contains("global::Orchestration.Generated.PressModule.Requests.EditorApproval", app.Generated("Newsroom.Publishing.g.cs"));
        Assert.Contains("global::Press.Approval.Definition", app.Generated("Newsroom.ReviewedPublishing.g.cs"));
        Assert.Contains("RespondAsync(string runId, global::Press.Decision response,", GeneratorHarness.Flat(app.Generated("Newsroom.ReviewedPublishing.g.cs")));
        Assert.Contains("RespondAsync(string runId, global::Press.Decision response,", GeneratorHarness.Flat(app.Generated("Newsroom.Publishing.g.cs")));
    }

    [Fact]
    public async Task A_nested_library_wait_stops_the_application_run_and_the_application_RespondAsync_continues_it()
    {
        var libraryImage = Emit(GeneratorHarness.RunClean(Press, "Press").Compilation);
        var app = GeneratorHarness.RunClean(Newsroom, "Newsroom", [MetadataReference.CreateFromImage(libraryImage)]);

        var context = new AssemblyLoadContext("cross-assembly-wait-" + Guid.NewGuid().ToString("N"));
        context.LoadFromStream(new MemoryStream(libraryImage));
        var appAssembly = context.LoadFromStream(new MemoryStream(Emit(app.Compilation)));
        var summary = await GeneratorHarness.ProbeWithStore(appAssembly, "Newsroom.ReviewedPublishing", "Probe");

        Assert.Equal("Waiting reviewed_publishing/approval | Completed tide: run it | Waiting editor_approval Approve the draft", summary);
    }

    private static byte[] Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return stream.ToArray();
    }
}
