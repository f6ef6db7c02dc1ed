using System.Collections.Generic;
using System.Text;

namespace Orchestration;

/// <summary>
/// Renders a workflow as a Mermaid flowchart. Compiled into the generator (diagrams in doc comments and generated
/// constants) and into the runtime (definitions made at run time), so both draw the same picture.
/// </summary>
internal static class MermaidDiagram
{
    /// <summary>One step to draw.</summary>
    public readonly struct Step
    {
        public Step(bool isWorkflow, string id, string? outputTypeName)
        {
            IsWorkflow = isWorkflow;
            Id = id;
            OutputTypeName = outputTypeName;
        }

        public bool IsWorkflow { get; }

        public string Id { get; }

        public string? OutputTypeName { get; }
    }

    /// <summary>Renders the flowchart. Lines are separated by '\n' whatever the platform, so output is deterministic.</summary>
    /// <param name="workflowId">The workflow id.</param>
    /// <param name="strategy">The strategy name.</param>
    /// <param name="fanOut">Whether every step receives the workflow's input (otherwise each step feeds the next).</param>
    /// <param name="inputTypeName">The input type's short name, if known.</param>
    /// <param name="outputTypeName">The output type's short name, if known.</param>
    /// <param name="steps">The steps in order.</param>
    public static string Render(string workflowId, string strategy, bool fanOut, string? inputTypeName, string? outputTypeName, IReadOnlyList<Step> steps)
    {
        var text = new StringBuilder();
        text.Append("%% workflow ").Append(workflowId).Append(" (").Append(strategy).Append(")\n");
        text.Append("flowchart LR\n");
        text.Append("    input([\"").Append(Escape(inputTypeName ?? "input")).Append("\"])\n");
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var (open, close) = step.IsWorkflow ? ("[[\"", "\"]]") : ("[\"", "\"]");
            text.Append("    s").Append(i + 1).Append(open).Append(i + 1).Append(". ")
                .Append(step.IsWorkflow ? "workflow " : string.Empty).Append(Escape(step.Id)).Append(close).Append('\n');
        }

        text.Append("    output([\"").Append(Escape(outputTypeName ?? "output")).Append("\"])\n");
        if (fanOut)
        {
            for (var i = 0; i < steps.Count; i++)
            {
                text.Append("    input --> s").Append(i + 1).Append('\n');
            }

            for (var i = 0; i < steps.Count; i++)
            {
                Edge(text, "s" + (i + 1), "output", steps[i].OutputTypeName);
            }
        }
        else
        {
            text.Append("    input --> s1\n");
            for (var i = 1; i < steps.Count; i++)
            {
                Edge(text, "s" + i, "s" + (i + 1), steps[i - 1].OutputTypeName);
            }

            Edge(text, "s" + steps.Count, "output", steps.Count > 0 ? steps[steps.Count - 1].OutputTypeName : null);
        }

        return text.ToString();
    }

    private static void Edge(StringBuilder text, string from, string to, string? label)
    {
        text.Append("    ").Append(from).Append(" -->");
        if (label is not null)
        {
            text.Append("|\"").Append(Escape(label)).Append("\"|");
        }

        text.Append(' ').Append(to).Append('\n');
    }

    private static string Escape(string value) =>
        value.Replace("\"", "#quot;").Replace("<", "#lt;").Replace(">", "#gt;");
}
