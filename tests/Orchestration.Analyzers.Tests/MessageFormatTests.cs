using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Orchestration.Rules;

namespace Orchestration.Analyzers.Tests;

/// <summary>
/// A diagnostic's message format is its rule's words with the facts as arguments (what the IDE, the testing library or a
/// tool that groups diagnostics by format reads from a <see cref="Diagnostic"/>), written once as the interpolated
/// string the rule composes its message with.
/// </summary>
public sealed class MessageFormatTests
{
    private static Diagnostic Single(string source) =>
        Assert.Single(AnalyzerHarness.Analyze(AnalyzerHarness.Compile([(RuleTests.Domain, "Prefix.cs"), (AnalyzerHarness.Usings + "namespace Shop;\n" + source, "Test.cs")])));

    [Fact]
    public void A_mistyped_hand_off_is_reported_with_the_rule_words_as_format_and_the_steps_and_types_as_arguments()
    {
        const string Source = """
            [Workflow("w")]
            [Step("receipt_writer")]
            [Step({|#0:"pricer"|})]
            public static partial class W;
            """;

        var diagnostic = Single(Source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty));

        Assert.Equal("Step {0} '{1}' takes {2} but step {3} '{4}' produces {5}", diagnostic.Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture));
        AnalyzerHarness.Verify(
            [("Prefix.cs", RuleTests.Domain), ("Test.cs", AnalyzerHarness.Usings + "namespace Shop;\n" + Source)],
            [new DiagnosticResult("ORCH0006", DiagnosticSeverity.Error).WithLocation(0).WithArguments("2", "pricer", "Order", "1", "receipt_writer", "Receipt")]);
    }

    [Fact]
    public void A_message_made_of_parts_keeps_every_part_literal_and_every_fact_an_argument()
    {
        var diagnostic = Single("""
            [Workflow("w")]
            [Step("pricer")]
            [Step("reciept_writer")]
            public static partial class W;
            """);

        Assert.Equal("Step {0} of workflow '{1}': Unknown template '{2}'. Available: {3}. Did you mean '{4}'?", diagnostic.Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("Step 2 of workflow 'w': Unknown template 'reciept_writer'. Available: pricer, receipt_writer. Did you mean 'receipt_writer'?", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_declared_rules_read_as_their_titles_and_reported_ones_keep_title_severity_and_help_link()
    {
        var rules = new DeclarationAnalyzer().SupportedDiagnostics;

        Assert.All(rules, r => Assert.Equal(r.Title.ToString(CultureInfo.InvariantCulture), r.MessageFormat.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(rules.Length, rules.Select(r => r.Id).Distinct().Count());

        var diagnostic = Single("""
            [Workflow("w", Strategy = "sequencial")]
            [Step("pricer")]
            public static partial class W;
            """);
        var rule = rules.Single(r => r.Id == "ORCH0001");
        Assert.Equal(
            (rule.Title, rule.Category, rule.DefaultSeverity, rule.HelpLinkUri, rule.Description),
            (diagnostic.Descriptor.Title, diagnostic.Descriptor.Category, diagnostic.Descriptor.DefaultSeverity, diagnostic.Descriptor.HelpLinkUri, diagnostic.Descriptor.Description));
    }

    [Theory]
    [InlineData(
        "[Workflow(\"w\", Strategy = \"teaching\")] [Step(\"pricer\")] public static partial class W;",
        "Workflow '{0}' uses strategy '{1}', which needs exactly 2 steps (a junior, then an expert), but it has {2}")]
    [InlineData(
        "[AgentTemplate(\"\")] public sealed class Nameless : IAgent<Order, Priced> { public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => default; }",
        "The template id '{0}' of class {1} {2}; it must be a non-empty constant string without surrounding whitespace")]
    [InlineData(
        "public static class Lookup { public static object Find(OrchestrationRegistry registry) => registry.Workflows.Get(\"chekout\"); }",
        "{0}: Unknown workflow '{1}'. Available: {2}. Did you mean '{3}'? If it is registered at run time, pass it as a non-constant value.")]
    [InlineData(
        "public static class Lookup { public static object Find(OrchestrationRegistry registry) => registry.Workflows.Get(\"\"); }",
        "{0}: the workflow id is {1}, so it names no workflow; pass the id of a [Workflow]. Available: {2}.")]
    [InlineData(
        "[Workflow(\"w\", Strategy = \"adaptive\")] [Step(\"pricer\")] [Step(\"receipt_writer\")] public static partial class W;",
        "Step {0} '{1}' (a specialist) takes {2} but specialists receive the workflow's input, {3} (the input of the classifier, step 1 '{4}')")]
    public void Wording_is_literal_and_only_facts_are_arguments(string source, string format) =>
        Assert.Equal(format, Single(source).Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void A_text_without_arguments_is_its_own_format_so_its_braces_are_not_doubled()
    {
        var rule = new DeclarationAnalyzer().SupportedDiagnostics.Single(d => d.Id == "ORCH0011");

        var diagnostic = DiagnosticDescriptors.Create(rule, Location.None, $"give it one ({{When = nameof(Condition)}})");

        Assert.Equal("give it one ({When = nameof(Condition)})", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("give it one ({When = nameof(Condition)})", diagnostic.Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Rule_text_records_literals_as_format_and_values_as_invariant_arguments_and_splices_parts()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            RuleText part = $"Unknown template '{"pricr"}' (limit {1.5})";
            RuleText text = $"Step {2} of workflow '{"w"}': {part}; write {{braces}} as they are";

            Assert.Equal("Step {0} of workflow '{1}': Unknown template '{2}' (limit {3}); write {{braces}} as they are", text.Format);
            Assert.Equal(["2", "w", "pricr", "1.5"], text.Arguments);
            Assert.Equal("Step 2 of workflow 'w': Unknown template 'pricr' (limit 1.5); write {braces} as they are", text.ToString());
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Rule_texts_are_equal_when_format_and_arguments_are_so_the_generator_caches_problems_that_hold_them()
    {
        static RuleText Text(string id, int step) => $"Step {step} of workflow '{id}'";

        Assert.Equal(Text("w", 1), Text("w", 1));
        Assert.Equal(Text("w", 1).GetHashCode(), Text("w", 1).GetHashCode());
        Assert.NotEqual(Text("w", 1), Text("w", 2));
        Assert.NotEqual(Text("w", 1), (RuleText)$"Step {1} of workflow \"{"w"}\"");
    }
}
