using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Orchestration.Dashboard.Pages;
using Orchestration.Dashboard.Diagram;
using Orchestration.Dashboard.Rendering;

namespace Orchestration.Dashboard.Tests;

/// <summary>The diagram: the recorded Mermaid text read back, laid out and drawn as SVG.</summary>
public sealed class FlowchartTests
{
    // Every built-in layout, with as many steps as its strategy takes; the diagrams are the runtime's own (WorkflowDefinition.Diagram).
    public static TheoryData<string, int> Strategies() => new()
    {
        { "sequential", 3 }, { "parallel", 3 }, { "teaching", 2 }, { "refinement", 2 }, { "refinement", 3 }, { "adaptive", 3 },
        { "conditional", 2 }, { "multi_conditional", 3 }, { "debate", 3 }, { "delegation_chain", 4 }, { "nested_sequential", 2 },
        { "for_each", 1 }, { "repeat_until", 1 },
    };

    private static string DiagramOf(string strategy, int steps) =>
        new WorkflowDefinition("flow", strategy, Enumerable.Range(1, steps).Select(i => WorkflowStep.Agent("agent_" + i))).Diagram;

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Every_recorded_layout_is_read_back_with_all_its_nodes_and_edges(string strategy, int steps)
    {
        var text = DiagramOf(strategy, steps);

        var chart = FlowchartParser.TryParse(text, out var problem);

        Assert.Null(problem);
        Assert.Equal(["input", .. Enumerable.Range(1, steps).Select(i => "s" + i), "output"], chart!.Nodes.Select(n => n.Id));
        Assert.Equal(Enumerable.Range(1, steps).Select(i => $"{i}. agent_{i}"), chart.Nodes.Where(n => n.StepIndex is not null).Select(n => n.Label));
        Assert.Equal(text.Split('\n').Count(l => l.Contains("-->", StringComparison.Ordinal) || l.Contains("-.->", StringComparison.Ordinal)), chart.Edges.Count);
    }

    [Fact]
    public void Waits_and_delays_are_read_back_and_drawn_in_shapes_of_their_own()
    {
        var approval = new InputRequestDefinition<string, bool>("editor_approval");
        var text = new WorkflowDefinition(
            "gated",
            "sequential",
            [WorkflowStep.Agent("draft"), WorkflowStep.Await(approval), WorkflowStep.DelayFor(TimeSpan.FromHours(1)), WorkflowStep.Agent("publish")]).Diagram;

        var chart = FlowchartParser.TryParse(text, out var problem);
        var svg = new HtmlWriter();
        FlowchartSvg.Write(svg, chart!, "gated", new Dictionary<int, (string Status, string Summary)>());

        Assert.Null(problem);
        Assert.Equal(
            [NodeShape.Stadium, NodeShape.Box, NodeShape.Hexagon, NodeShape.Parallelogram, NodeShape.Box, NodeShape.Stadium],
            chart!.Nodes.Select(n => n.Shape));
        Assert.Equal(2, svg.ToString().Split("<polygon").Length - 1);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Every_layout_places_boxes_without_overlap_inside_the_picture_and_edges_forward_unless_they_loop_back(string strategy, int steps)
    {
        var layout = FlowchartLayout.Compute(FlowchartParser.TryParse(DiagramOf(strategy, steps), out _)!);

        foreach (var (a, b) in layout.Nodes.SelectMany((a, i) => layout.Nodes.Skip(i + 1).Select(b => (a, b))))
        {
            var apart = a.X + a.Width <= b.X || b.X + b.Width <= a.X || a.Y + a.Height <= b.Y || b.Y + b.Height <= a.Y;
            Assert.True(apart, $"{a.Node.Id} and {b.Node.Id} overlap");
        }

        Assert.All(layout.Nodes, n => Assert.True(n.X >= 0 && n.Y >= 0 && n.X + n.Width <= layout.Width && n.Y + n.Height <= layout.Height, n.Node.Id + " is outside the picture"));
        Assert.All(layout.Edges.Where(e => !e.Backward), e => Assert.True(e.X2 > e.X1, $"{e.Edge.From} → {e.Edge.To} goes backwards"));
        Assert.Equal(strategy is "refinement" or "repeat_until" ? 1 : 0, layout.Edges.Count(e => e.Backward));

        // A step that loops to itself leaves and comes back at different points of its box, so its arc is seen.
        Assert.All(layout.Edges.Where(e => e.Edge.From == e.Edge.To), e => Assert.True(e.X2 - e.X1 > 10, "the loop of " + e.Edge.From + " has no width"));
        Assert.All(layout.Edges.Where(e => e.Edge.Label is not null), e => Assert.InRange(e.LabelY, FlowchartLayout.LabelHeight / 2, layout.Height - (FlowchartLayout.LabelHeight / 2)));

        // An edge that skips columns runs through a lane of its own, never through a box.
        foreach (var edge in layout.Edges.Where(e => !e.Backward))
        {
            var (from, to) = (layout.Nodes.Single(n => n.Node.Id == edge.Edge.From), layout.Nodes.Single(n => n.Node.Id == edge.Edge.To));
            foreach (var between in layout.Nodes.Where(n => n.X > from.X + from.Width && n.X + n.Width < to.X))
            {
                Assert.False(between.Y < edge.LabelY && edge.LabelY < between.Y + between.Height && edge.Edge.Label is not null, $"the label of {edge.Edge.From} → {edge.Edge.To} is on {between.Node.Id}");
            }
        }
    }

    [Fact]
    public void Labels_are_unescaped_when_read_and_encoded_when_drawn()
    {
        const string Text = "flowchart LR\n    input([\"List#lt;Draft#gt;\"])\n    s1[[\"1. workflow #quot;inner#quot;\"]]\n    output([\"<b>\"])\n    input -->|\"a #lt;b#gt;\"| s1\n    s1 -.-> output\n";

        var chart = FlowchartParser.TryParse(Text, out _)!;
        var html = new HtmlWriter();
        FlowchartSvg.Write(html, chart, "t", new Dictionary<int, (string, string)> { [1] = ("failed", "step 1 <failed>") });
        var svg = html.ToString();

        Assert.Equal(["List<Draft>", "1. workflow \"inner\"", "<b>"], chart.Nodes.Select(n => n.Label));
        Assert.Equal((NodeShape.Subroutine, "a <b>", true), (chart.Nodes[1].Shape, chart.Edges[0].Label, chart.Edges[1].Dashed));
        Assert.Contains(">List&lt;Draft&gt;</text>", svg);
        Assert.Contains(">1. workflow &quot;inner&quot;</text>", svg);
        Assert.Contains("<title>step 1 &lt;failed&gt;</title>", svg);
        Assert.Contains("class=\"node step status-failed\"", svg);
        Assert.DoesNotContain("<b>", svg);
    }

    [Theory]
    [InlineData(null, "no diagram was recorded")]
    [InlineData("graph TD\n  a --> b", "line 1: expected 'flowchart LR', found 'graph TD'")]
    [InlineData("%% w\nflowchart LR\n  a[\"x\"]\n  click a call alert()", "line 4: 'click a call alert()' is neither a node nor an edge of the recorded diagram grammar")]
    [InlineData("flowchart LR\n  a([\"x\"]]", "line 2: node 'a' opens with '([' but closes with ']]'")]
    public void Text_outside_the_recorded_grammar_is_reported_with_its_line(string? text, string expected)
    {
        Assert.Null(FlowchartParser.TryParse(text, out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void The_html_writer_encodes_every_hole_and_keeps_only_its_own_markup()
    {
        var html = new HtmlWriter();
        var hostile = TestRuns.Hostile;
        html.Append($"<td title=\"{hostile}\">{hostile}</td>{new Markup("<br>")}{3.5}");

        Assert.Equal("<td title=\"&lt;img src=x onerror=window.pwned=1&gt;&lt;script&gt;window.pwned=2&lt;/script&gt;\">&lt;img src=x onerror=window.pwned=1&gt;&lt;script&gt;window.pwned=2&lt;/script&gt;</td><br>3.5", html.ToString());
    }
}

/// <summary>The diagram's step states for a loop: its iterations' records (<c>id[n]</c>) are the run's own steps.</summary>
public sealed class LoopProgressTests
{
    [Fact]
    public async Task A_for_each_runs_steps_count_as_its_own_and_say_the_iteration()
    {
        using var runs = new TestRuns();
        var shout = Agents.Sync<string, string>("shout", s => s == "b" ? throw new InvalidOperationException("no") : s.ToUpperInvariant());
        var each = new WorkflowDefinition<IReadOnlyList<string>, IReadOnlyList<string>>("shout_each", "for_each", [WorkflowStep.Agent("shout")],
            (items, run, token) => ForEach.RunAsync(run, items, static items => items, "the input",
                (run, item, iteration, token) => run.RunAgentAsync(1, shout, item, iteration, token), 1, token));

        await runs.Record<IReadOnlyList<string>, IReadOnlyList<string>>(each, ["a", "b"], "loop");
        var record = runs.Store.Load("loop");
        var progress = RunProgress.Of(record, runs.Store.ReadEvents("loop"));

        Assert.Equal("failed", progress.TopLevel[1].Status);
        Assert.StartsWith("step 1 'shout' (iteration 2): failed in", progress.TopLevel[1].Summary);
    }
}
