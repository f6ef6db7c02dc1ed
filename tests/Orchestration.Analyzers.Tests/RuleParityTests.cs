using System;
using System.Threading;
using System.Threading.Tasks;
using System.Collections.Generic;
using System.Linq;
using Orchestration;

namespace Orchestration.Analyzers.Tests;

public sealed record Order(string Customer, int Items);

public sealed record Priced(decimal Total);

public sealed record Receipt(string Text);

/// <summary>
/// Each shape rule, broken twice: once declared with attributes (the build reports its ORCH id) and once as the same
/// workflow registered by hand at run time (registration throws). Both must state the same rule with the same facts:
/// the registry's message is the build's, naming the workflow. A rule that drifts between the halves fails here.
/// </summary>
public sealed class RuleParityTests
{
    // The same templates on both sides: declared for the build, registered by hand at run time.
    private static readonly (string Id, string Input, string Output)[] Templates =
    [
        ("pricer", "Order", "Priced"),
        ("receipt_writer", "Priced", "Receipt"),
        ("price_critic", "Priced", "Critique"),
        ("price_reviser", "Priced", "Receipt"),
        ("order_checker", "Order", "Receipt"),
        ("echo", "string", "string"),
        ("counter", "string", "int"),
        ("planner", "string", "DelegationPlan"),
        ("order_specialist", "Order", "string"),
        ("text_specialist", "string", "string"),
        ("count_specialist", "string", "int"),
        ("synthesizer", "DelegationReports<string>", "string"),
    ];

    public static TheoryData<string, string, string[], string, string> Cases() => new()
    {
        // strategy, steps, expected id, expected message (the build's words)
        { "arity", "teaching", ["echo"], "ORCH0007", "Workflow 'w' uses strategy 'teaching', which needs exactly 2 steps (a junior, then an expert), but it has 1" },
        { "arity", "for_each", ["echo", "echo"], "ORCH0007", "Workflow 'w' uses strategy 'for_each', which needs exactly 1 step, run once per item (an agent, or a workflow for several steps), but it has 2" },
        { "arity", "delegation_chain", ["planner", "synthesizer"], "ORCH0007", "Workflow 'w' uses strategy 'delegation_chain', which needs a planner, at least 1 specialist and a synthesizer (at least 3 steps), but it has 2" },
        { "chain", "sequential", ["receipt_writer", "pricer"], "ORCH0006", "Step 2 'pricer' takes Order but step 1 'receipt_writer' produces Receipt" },
        { "fan-out", "parallel", ["pricer", "receipt_writer"], "ORCH0006", "Step 2 'receipt_writer' takes Priced but every step of a fan-out receives the workflow's input, Order (the input of step 1 'pricer')" },
        { "teaching", "teaching", ["echo", "counter"], "ORCH0006", "Step 2 'counter' (the expert) produces int, but it must take the junior's input, string, and produce its output, string: both answer the same question" },
        { "refinement critic", "refinement", ["pricer", "receipt_writer"], "ORCH0006", "Step 2 'receipt_writer' (the critic) produces Receipt but must produce Orchestration.Critique, which says whether the draft is accepted" },
        { "refinement reviser", "refinement", ["pricer", "price_critic", "price_reviser"], "ORCH0006", "Step 3 'price_reviser' (the reviser) takes Priced and produces Receipt, but it must take and produce the draft, Priced" },
        { "adaptive", "adaptive", ["echo", "text_specialist", "count_specialist"], "ORCH0006", "Step 3 'count_specialist' (a specialist) produces int but every specialist must produce what step 2 'text_specialist' produces, string" },
        { "conditional branch", "multi_conditional", ["pricer", "order_checker"], "ORCH0006", "Step 2 'order_checker' (a branch) produces Receipt but every branch must produce what step 1 'pricer' produces, Priced" },
        { "debate", "debate", ["echo", "counter"], "ORCH0006", "Step 2 'counter' (a participant) argues int but step 1 'echo' argues string; participants must argue positions of one type, so they can be compared" },
        { "delegation planner", "delegation_chain", ["echo", "text_specialist", "synthesizer"], "ORCH0006", "Step 1 'echo' (the planner) produces string but must produce Orchestration.DelegationPlan, the tasks to delegate" },
        { "delegation specialist", "delegation_chain", ["planner", "order_specialist", "synthesizer"], "ORCH0006", "Step 2 'order_specialist' (a specialist) takes Order but specialists receive their task as a string" },
        { "delegation reports", "delegation_chain", ["planner", "text_specialist", "count_specialist", "synthesizer"], "ORCH0006", "Step 3 'count_specialist' (a specialist) reports int but step 2 'text_specialist' reports string; specialists must report one type" },
        { "repeat_until", "repeat_until", ["counter"], "ORCH0006", "Step 1 'counter' (the repeated step) takes string but produces int; each output is the next iteration's input, so it must take and produce the same type" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_broken_shape_is_refused_with_the_same_rule_at_build_time_and_at_registration(string rule, string strategy, string[] steps, string id, string message)
    {
        // Build time: the attributes, with a condition on conditional steps and an Until on repeat_until, so that only
        // the rule under test is broken.
        var conditional = strategy is "conditional" or "multi_conditional";
        var source = AnalyzerHarness.Usings + "namespace Parity;\n" +
            "public sealed record Order(string Customer, int Items);\npublic sealed record Priced(decimal Total);\npublic sealed record Receipt(string Text);\n" +
            string.Concat(Templates.Select(t =>
                $"[AgentTemplate(\"{t.Id}\")] public sealed class T_{t.Id} : IAgent<{t.Input}, {t.Output}> {{ public ValueTask<{t.Output}> RunAsync({t.Input} input, AgentContext context, CancellationToken cancellationToken) => default; }}\n")) +
            $"[Workflow(\"w\", Strategy = \"{strategy}\"{(strategy == "repeat_until" ? ", Until = nameof(Done)" : string.Empty)})]\n" +
            string.Concat(steps.Select((s, i) => $"[Step(\"{s}\"{(conditional && i < steps.Length - 1 ? ", When = nameof(Always)" : string.Empty)})]\n")) +
            "public static partial class W { private static bool Always(object input) => true; private static bool Done(object output) => true; }\n";
        var diagnostics = AnalyzerHarness.Analyze(AnalyzerHarness.Compile([(source, "Parity.cs")]));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal((id, message), (diagnostic.Id, diagnostic.GetMessage()));

        // Run time: the same templates and workflow, registered by hand.
        var registry = new OrchestrationRegistry();
        foreach (var (templateId, input, output) in Templates)
        {
            registry.Templates.Register(Template(templateId, input, output));
        }

        var definition = new WorkflowDefinition("w", strategy, steps.Select((s, i) =>
            conditional && i < steps.Length - 1 || strategy == "repeat_until" ? WorkflowStep.Agent(s).When(_ => true) : WorkflowStep.Agent(s)));
        var refused = Assert.Throws<ArgumentException>(() => registry.Workflows.Register(definition));
        var expected = (message.Contains("orkflow 'w'", StringComparison.Ordinal) ? message : "Workflow 'w': " + message) + ".";
        Assert.True(refused.Message.StartsWith(expected, StringComparison.Ordinal), $"{rule}: the registry says\n  {refused.Message}\nbut the build says\n  {expected}");
    }

    private static readonly Dictionary<string, Type> Types = new()
    {
        ["Order"] = typeof(Order), ["Priced"] = typeof(Priced), ["Receipt"] = typeof(Receipt), ["Critique"] = typeof(Critique),
        ["string"] = typeof(string), ["int"] = typeof(int), ["DelegationPlan"] = typeof(DelegationPlan),
        ["DelegationReports<string>"] = typeof(DelegationReports<object>),
    };

    private static AgentTemplate Template(string id, string input, string output) =>
        (AgentTemplate)typeof(RuleParityTests).GetMethod(nameof(Typed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(Types[input], Types[output]).Invoke(null, [id])!;

    private static AgentTemplate<TIn, TOut> Typed<TIn, TOut>(string id) =>
        new(id, id, typeof(NoAgent<TIn, TOut>), _ => new NoAgent<TIn, TOut>());

    private sealed class NoAgent<TIn, TOut> : IAgent<TIn, TOut>
    {
        public ValueTask<TOut> RunAsync(TIn input, AgentContext context, CancellationToken cancellationToken) => default;
    }
}
