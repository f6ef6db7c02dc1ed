using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Orchestration.Generators.Emit;

namespace Orchestration.Generators.Tests;

public sealed class IncrementalTests
{
    private const string Checkout = GeneratorHarness.Usings + """
        namespace Shop;

        [Workflow("checkout", Strategy = "sequential", Description = "first version")]
        [Step("pricer")]
        [Step("receipt_writer")]
        public static partial class Checkout;
        """;

    private const string Assessment = GeneratorHarness.Usings + """
        namespace Shop;

        [Workflow("assessment", Strategy = "parallel")]
        [Step("pricer")]
        [Step("risk_scorer")]
        public static partial class Assessment;
        """;

    private const string PriceCheck = GeneratorHarness.Usings + """
        namespace Shop;

        [InputRequest("price_check", Description = "first version", DeadlineSeconds = 60)]
        public sealed class PriceCheck : InputRequest<Priced, bool>;

        [Workflow("checked_checkout")]
        [Step("pricer")]
        [Step(Await = "price_check")]
        public static partial class CheckedCheckout;
        """;

    private const string Unrelated = "namespace Shop;\npublic sealed class Unrelated { public int Value => 1; }\n";

    private static readonly string[] PipelineSteps =
    [
        GeneratorStepNames.Templates,
        GeneratorStepNames.Strategies,
        GeneratorStepNames.Workflows,
        GeneratorStepNames.References,
        GeneratorStepNames.Declarations,
        GeneratorStepNames.Generation,
        GeneratorStepNames.Files,
        GeneratorStepNames.Module,
        GeneratorStepNames.WorkflowFiles,
    ];

    private static CSharpCompilation Initial() => GeneratorHarness.Compile(new[]
    {
        (Sources.Domain, "Domain.cs"),
        (Checkout, "Checkout.cs"),
        (Assessment, "Assessment.cs"),
        (Unrelated, "Unrelated.cs"),
    });

    [Fact]
    public void An_unrelated_edit_leaves_every_step_and_output_cached_or_unchanged()
    {
        var compilation = Initial();
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        driver = driver.RunGenerators(Edit(compilation, "Unrelated.cs", Unrelated.Replace("=> 1", "=> 2")));

        var result = driver.GetRunResult().Results.Single();
        foreach (var step in PipelineSteps)
        {
            // The sources declare no [Strategy], so that step alone has nothing to report.
            if (step != GeneratorStepNames.Strategies)
            {
                Assert.NotEmpty(Reasons(result, step));
            }

            Assert.All(Reasons(result, step), reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} was {reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output was {output.Reason}"));
    }

    [Fact]
    public void With_an_input_request_an_unrelated_edit_leaves_every_step_and_output_cached_or_unchanged()
    {
        var compilation = Initial().AddSyntaxTrees(CSharpSyntaxTree.ParseText(PriceCheck, (CSharpParseOptions)Initial().SyntaxTrees.First().Options, "PriceCheck.cs"));
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        driver = driver.RunGenerators(Edit(compilation, "Unrelated.cs", Unrelated.Replace("=> 1", "=> 2")));

        var result = driver.GetRunResult().Results.Single();
        foreach (var step in PipelineSteps.Append(GeneratorStepNames.InputRequests))
        {
            if (step != GeneratorStepNames.Strategies)
            {
                Assert.NotEmpty(Reasons(result, step));
            }

            Assert.All(Reasons(result, step), reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} was {reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output was {output.Reason}"));
    }

    [Fact]
    public void Changing_an_input_requests_deadline_re_emits_the_module_but_no_workflow_file_and_not_the_manifest()
    {
        var compilation = Initial().AddSyntaxTrees(CSharpSyntaxTree.ParseText(PriceCheck, (CSharpParseOptions)Initial().SyntaxTrees.First().Options, "PriceCheck.cs"));
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        driver = driver.RunGenerators(Edit(compilation, "PriceCheck.cs", PriceCheck.Replace("DeadlineSeconds = 60", "DeadlineSeconds = 120")));

        var result = driver.GetRunResult().Results.Single();
        Assert.Empty(Emitted(result));
        Assert.All(Reasons(result, GeneratorStepNames.Module), reason => Assert.Equal(IncrementalStepRunReason.Modified, reason));
        Assert.Contains("deadline: global::System.TimeSpan.FromSeconds(120),", result.GeneratedSources.Single(s => s.HintName == "Orchestration.Generated.TestAppModule.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Changing_an_input_requests_response_type_re_emits_the_workflows_that_wait_for_it()
    {
        var compilation = Initial().AddSyntaxTrees(CSharpSyntaxTree.ParseText(PriceCheck, (CSharpParseOptions)Initial().SyntaxTrees.First().Options, "PriceCheck.cs"));
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        driver = driver.RunGenerators(Edit(compilation, "PriceCheck.cs", PriceCheck.Replace("InputRequest<Priced, bool>", "InputRequest<Priced, string>")));

        var result = driver.GetRunResult().Results.Single();
        Assert.Equal(["Orchestration.Generated.TestAppModule.Manifest.g.cs", "Shop.CheckedCheckout.g.cs"], Emitted(result));
        Assert.Contains("RespondAsync(string runId, string response,", GeneratorHarness.Flat(result.GeneratedSources.Single(s => s.HintName == "Shop.CheckedCheckout.g.cs").SourceText.ToString()));
    }

    [Fact]
    public void Editing_one_workflow_re_emits_only_that_workflows_file()
    {
        var compilation = Initial();
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        driver = driver.RunGenerators(Edit(compilation, "Checkout.cs", Checkout.Replace("first version", "second version")));

        var result = driver.GetRunResult().Results.Single();
        Assert.Equal(["Shop.Checkout.g.cs"], Emitted(result));
        Assert.Contains("second version", result.GeneratedSources.Single(s => s.HintName == "Shop.Checkout.g.cs").SourceText.ToString());
        Assert.Equal(
            [IncrementalStepRunReason.Modified, IncrementalStepRunReason.Unchanged],
            Reasons(result, GeneratorStepNames.Workflows).OrderBy(r => r).ToArray());

        // The other workflow's file is not emitted again, and the module's model (so its text) is unchanged.
        var workflowFiles = Reasons(result, GeneratorStepNames.WorkflowFiles).ToArray();
        Assert.Single(workflowFiles, r => r == IncrementalStepRunReason.Modified);
        Assert.Single(workflowFiles, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        Assert.All(Reasons(result, GeneratorStepNames.Module), reason => Assert.Equal(IncrementalStepRunReason.Unchanged, reason));
    }

    [Fact]
    public void Changing_a_workflows_steps_re_emits_its_file_and_the_manifest_but_not_the_module()
    {
        var compilation = Initial();
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        driver = driver.RunGenerators(Edit(compilation, "Assessment.cs", Assessment.Replace("[Step(\"risk_scorer\")]\n", string.Empty)));

        var result = driver.GetRunResult().Results.Single();
        Assert.Equal(["Orchestration.Generated.TestAppModule.Manifest.g.cs", "Shop.Assessment.g.cs"], Emitted(result));
        Assert.All(Reasons(result, GeneratorStepNames.Module), reason => Assert.Equal(IncrementalStepRunReason.Unchanged, reason));
    }

    [Fact]
    public void Changing_a_templates_output_type_re_emits_the_module_the_manifest_and_the_workflows_that_use_it()
    {
        var compilation = Initial();
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var riskAsDouble = Sources.Domain
            .Replace("public sealed class RiskScorer : IAgent<Order, Risk>", "public sealed class RiskScorer : IAgent<Order, double>")
            .Replace("public ValueTask<Risk> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) =>\n            ValueTask.FromResult(new Risk(input.Items > 10 ? 0.9 : 0.1));",
                     "public ValueTask<double> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(0.5);");

        driver = driver.RunGenerators(Edit(compilation, "Domain.cs", riskAsDouble));

        var result = driver.GetRunResult().Results.Single();
        Assert.Equal(["Orchestration.Generated.TestAppModule.Manifest.g.cs", "Shop.Assessment.g.cs"], Emitted(result));
        Assert.All(Reasons(result, GeneratorStepNames.Module), reason => Assert.Equal(IncrementalStepRunReason.Modified, reason));
        Assert.Contains("global::Orchestration.AgentTemplate<global::Shop.Order, double> RiskScorer", result.GeneratedSources.Single(s => s.HintName == "Orchestration.Generated.TestAppModule.g.cs").SourceText.ToString());
    }

    /// <summary>The hint names of the files this run computed anew (catalog-wide files and workflow files).</summary>
    private static string[] Emitted(GeneratorRunResult result) => result.TrackedSteps[GeneratorStepNames.Files]
        .Concat(result.TrackedSteps[GeneratorStepNames.WorkflowFiles])
        .SelectMany(s => s.Outputs)
        .Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New)
        .Select(o => o.Value is GeneratedFile file ? file.HintName : ((OrchestrationGenerator.EmittedWorkflow)o.Value).File!.HintName)
        .OrderBy(h => h, System.StringComparer.Ordinal)
        .ToArray();

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps.TryGetValue(step, out var runs) ? runs.SelectMany(r => r.Outputs).Select(o => o.Reason) : [];

    private static Compilation Edit(Compilation compilation, string path, string text)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, (CSharpParseOptions)old.Options, path));
    }
}
