using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Orchestration;

/// <summary>
/// Renders a workflow as a Mermaid flowchart. Compiled into the generator (diagrams in doc comments and generated
/// constants) and into the runtime (definitions made at run time), so both draw the same picture.
/// </summary>
internal static class MermaidDiagram
{
    /// <summary>How the steps are laid out; mirrors the strategy shapes.</summary>
    public enum Layout
    {
        /// <summary>Each step feeds the next.</summary>
        Chain,

        /// <summary>Every step gets the input; every output goes to the result.</summary>
        FanOut,

        /// <summary>The first step, then the second only when the first is not good enough (teaching).</summary>
        Fallback,

        /// <summary>Drafter, critic, optional reviser, looping until accepted (refinement).</summary>
        Loop,

        /// <summary>One step run once per item of the input (for_each).</summary>
        Each,

        /// <summary>One step run again on its own output until a condition holds (repeat_until).</summary>
        Repeat,

        /// <summary>The first step decides which one of the others runs (adaptive).</summary>
        Route,

        /// <summary>Each step may run, depending on a condition (conditional strategies).</summary>
        Branch,

        /// <summary>All steps argue in rounds (debate without a judge).</summary>
        Rounds,

        /// <summary>All steps but the last argue in rounds; the last judges (debate with a judge).</summary>
        JudgedRounds,

        /// <summary>The first plans, the middle ones do the tasks, the last synthesizes (delegation chain).</summary>
        Delegation,
    }

    /// <summary>What a step is, which decides the shape of its node.</summary>
    public enum Node
    {
        /// <summary>An agent: a rectangle.</summary>
        Agent,

        /// <summary>A nested workflow: a subroutine box.</summary>
        Workflow,

        /// <summary>A wait for an input request: a hexagon.</summary>
        Wait,

        /// <summary>A delay: a parallelogram.</summary>
        Delay,
    }

    /// <summary>One step to draw.</summary>
    public readonly struct Step
    {
        /// <summary>A step; <paramref name="id"/> is the template, workflow or input request id, or for a delay what it waits for (<see cref="DelayLabel"/>).</summary>
        public Step(Node node, string id, string? outputTypeName)
        {
            Node = node;
            Id = id;
            OutputTypeName = outputTypeName;
        }

        public Node Node { get; }

        public string Id { get; }

        public string? OutputTypeName { get; }
    }

    /// <summary>
    /// What a delay waits for, as its node says it: a duration in its largest whole unit (<c>90s</c>, <c>15min</c>,
    /// <c>1h</c>, <c>2d</c>), or <c>until Method</c>.
    /// </summary>
    public static string DelayLabel(TimeSpan? duration, string? untilMethod)
    {
        if (duration is not { } delay)
        {
            return "until " + untilMethod;
        }

        var ticks = delay.Ticks;
        var (unit, size) = ticks % TimeSpan.TicksPerDay == 0 ? ("d", TimeSpan.TicksPerDay)
            : ticks % TimeSpan.TicksPerHour == 0 ? ("h", TimeSpan.TicksPerHour)
            : ticks % TimeSpan.TicksPerMinute == 0 ? ("min", TimeSpan.TicksPerMinute)
            : ticks % TimeSpan.TicksPerSecond == 0 ? ("s", TimeSpan.TicksPerSecond)
            : ("ms", TimeSpan.TicksPerMillisecond);
        return (ticks / (double)size).ToString("0.###", CultureInfo.InvariantCulture) + unit;
    }

    /// <summary>The layout of a built-in strategy; user strategies draw as chains unless they fan out.</summary>
    public static Layout LayoutOf(string strategy, bool fanOut) => strategy switch
    {
        "parallel" => Layout.FanOut,
        "teaching" => Layout.Fallback,
        "refinement" => Layout.Loop,
        "for_each" => Layout.Each,
        "repeat_until" => Layout.Repeat,
        "adaptive" => Layout.Route,
        "conditional" or "multi_conditional" => Layout.Branch,
        "debate" => Layout.Rounds,
        "delegation_chain" => Layout.Delegation,
        _ => fanOut ? Layout.FanOut : Layout.Chain,
    };

    /// <summary>Renders the flowchart. Lines are separated by '\n' whatever the platform, so output is deterministic.</summary>
    public static string Render(string workflowId, string strategy, Layout layout, string? inputTypeName, string? outputTypeName, IReadOnlyList<Step> steps)
    {
        var text = new StringBuilder();
        text.Append("%% workflow ").Append(workflowId).Append(" (").Append(strategy).Append(")\n");
        text.Append("flowchart LR\n");
        text.Append("    input([\"").Append(Escape(inputTypeName ?? "input")).Append("\"])\n");
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var (open, kind, close) = step.Node switch
            {
                Node.Workflow => ("[[\"", "workflow ", "\"]]"),
                Node.Wait => ("{{\"", "await ", "\"}}"),
                Node.Delay => ("[/\"", "delay ", "\"/]"),
                _ => ("[\"", string.Empty, "\"]"),
            };
            text.Append("    s").Append(i + 1).Append(open).Append(i + 1).Append(". ")
                .Append(kind).Append(Escape(step.Id)).Append(close).Append('\n');
        }

        text.Append("    output([\"").Append(Escape(outputTypeName ?? "output")).Append("\"])\n");
        var n = steps.Count;
        string S(int index) => "s" + index;
        string? Out(int index) => index >= 1 && index <= n ? steps[index - 1].OutputTypeName : null;
        switch (layout)
        {
            case Layout.FanOut:
            case Layout.Branch:
                for (var i = 1; i <= n; i++)
                {
                    Edge(text, "input", S(i), layout == Layout.Branch ? "when" : null, dashed: layout == Layout.Branch);
                }

                for (var i = 1; i <= n; i++)
                {
                    Edge(text, S(i), "output", Out(i));
                }

                break;
            case Layout.Fallback when n == 2:
                Edge(text, "input", S(1), null);
                Edge(text, S(1), "output", "confident");
                Edge(text, S(1), S(2), "not confident", dashed: true);
                Edge(text, S(2), "output", Out(2));
                break;
            case Layout.Loop when n >= 2:
                Edge(text, "input", S(1), null);
                Edge(text, S(1), S(2), Out(1));
                Edge(text, S(2), "output", "accepted");
                Edge(text, S(2), n == 3 ? S(3) : S(1), "revise", dashed: true);
                if (n == 3)
                {
                    Edge(text, S(3), S(2), Out(3));
                }

                break;
            case Layout.Each when n == 1:
                Edge(text, "input", S(1), "each item");
                Edge(text, S(1), "output", "all results, in order");
                break;
            case Layout.Repeat when n == 1:
                Edge(text, "input", S(1), null);
                Edge(text, S(1), "output", "until done");
                Edge(text, S(1), S(1), "again", dashed: true);
                break;
            case Layout.Route when n >= 2:
                Edge(text, "input", S(1), null);
                for (var i = 2; i <= n; i++)
                {
                    Edge(text, S(1), S(i), Out(1), dashed: true);
                    Edge(text, S(i), "output", Out(i));
                }

                break;
            case Layout.Rounds or Layout.JudgedRounds when n >= 2:
                var judged = layout == Layout.JudgedRounds;
                var participants = judged ? n - 1 : n;
                for (var i = 1; i <= participants; i++)
                {
                    Edge(text, "input", S(i), "rounds");
                    Edge(text, S(i), judged ? S(n) : "output", Out(i));
                }

                if (judged)
                {
                    Edge(text, S(n), "output", Out(n));
                }

                break;
            case Layout.Delegation when n >= 3:
                Edge(text, "input", S(1), null);
                for (var i = 2; i < n; i++)
                {
                    Edge(text, S(1), S(i), "task", dashed: true);
                    Edge(text, S(i), S(n), Out(i));
                }

                Edge(text, S(n), "output", Out(n));
                break;
            default:
                Edge(text, "input", S(1), null);
                for (var i = 2; i <= n; i++)
                {
                    Edge(text, S(i - 1), S(i), Out(i - 1));
                }

                Edge(text, S(n), "output", Out(n));
                break;
        }

        return text.ToString();
    }

    private static void Edge(StringBuilder text, string from, string to, string? label, bool dashed = false)
    {
        text.Append("    ").Append(from).Append(dashed ? " -.->" : " -->");
        if (label is not null)
        {
            text.Append("|\"").Append(Escape(label)).Append("\"|");
        }

        text.Append(' ').Append(to).Append('\n');
    }

    private static string Escape(string value) =>
        value.Replace("\"", "#quot;").Replace("<", "#lt;").Replace(">", "#gt;");
}
