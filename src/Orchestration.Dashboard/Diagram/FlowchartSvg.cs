using System.Collections.Generic;
using System.Globalization;
using Orchestration.Dashboard.Rendering;

namespace Orchestration.Dashboard.Diagram;

/// <summary>
/// Draws a laid-out <see cref="Flowchart"/> as inline SVG. Colours come from the dashboard's stylesheet through classes
/// (no <c>style</c> attributes, which the page's Content-Security-Policy forbids); a step node carries its run status as
/// a class and a tooltip.
/// </summary>
internal static class FlowchartSvg
{
    /// <summary>Writes the SVG of <paramref name="chart"/>.</summary>
    /// <param name="html">Where to write.</param>
    /// <param name="chart">The chart.</param>
    /// <param name="title">What the picture shows, for screen readers.</param>
    /// <param name="steps">For step nodes (by 1-based index), their status in the run and a line saying so.</param>
    public static void Write(HtmlWriter html, Flowchart chart, string title, IReadOnlyDictionary<int, (string Status, string Summary)> steps)
    {
        var layout = FlowchartLayout.Compute(chart);
        html.Append($"<svg class=\"diagram\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{title}\" width=\"{N(layout.Width)}\" height=\"{N(layout.Height)}\" viewBox=\"0 0 {N(layout.Width)} {N(layout.Height)}\">");
        html.Append($"<defs><marker id=\"diagram-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path class=\"arrowhead\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>");

        html.Append($"<g class=\"edges\">");
        foreach (var edge in layout.Edges)
        {
            html.Append($"<path class=\"{(edge.Edge.Dashed ? "edge dashed" : "edge")}\" d=\"{edge.Path}\" marker-end=\"url(#diagram-arrow)\"/>");
        }

        html.Append($"</g><g class=\"edge-labels\">");
        foreach (var edge in layout.Edges)
        {
            if (edge.Edge.Label is not { } label)
            {
                continue;
            }

            var width = FlowchartLayout.LabelWidth(label);
            html.Append($"<rect class=\"edge-label-box\" x=\"{N(edge.LabelX - (width / 2))}\" y=\"{N(edge.LabelY - (FlowchartLayout.LabelHeight / 2))}\" width=\"{N(width)}\" height=\"{N(FlowchartLayout.LabelHeight)}\" rx=\"3\"/>");
            html.Append($"<text class=\"edge-label\" x=\"{N(edge.LabelX)}\" y=\"{N(edge.LabelY)}\" text-anchor=\"middle\" dominant-baseline=\"central\">{label}</text>");
        }

        html.Append($"</g><g class=\"nodes\">");
        foreach (var node in layout.Nodes)
        {
            var status = node.Node.StepIndex is { } index && steps.TryGetValue(index, out var state) ? state : default;
            var kind = node.Node.StepIndex is null ? "node terminal" : "node step";
            html.Append($"<g class=\"{kind}{(status.Status is null ? string.Empty : " status-" + status.Status)}\" data-node=\"{node.Node.Id}\">");
            html.Append($"<title>{status.Summary ?? node.Node.Label}</title>");
            var radius = node.Node.Shape == NodeShape.Stadium ? node.Height / 2 : 4;
            switch (node.Node.Shape)
            {
                case NodeShape.Hexagon:
                    // A wait: the box with its ends pointed.
                    html.Append($"<polygon class=\"shape\" points=\"{N(node.X + 10)},{N(node.Y)} {N(node.X + node.Width - 10)},{N(node.Y)} {N(node.X + node.Width)},{N(node.CenterY)} {N(node.X + node.Width - 10)},{N(node.Y + node.Height)} {N(node.X + 10)},{N(node.Y + node.Height)} {N(node.X)},{N(node.CenterY)}\"/>");
                    break;
                case NodeShape.Parallelogram:
                    // A delay: the box slanted.
                    html.Append($"<polygon class=\"shape\" points=\"{N(node.X + 10)},{N(node.Y)} {N(node.X + node.Width)},{N(node.Y)} {N(node.X + node.Width - 10)},{N(node.Y + node.Height)} {N(node.X)},{N(node.Y + node.Height)}\"/>");
                    break;
                default:
                    html.Append($"<rect class=\"shape\" x=\"{N(node.X)}\" y=\"{N(node.Y)}\" width=\"{N(node.Width)}\" height=\"{N(node.Height)}\" rx=\"{N(radius)}\"/>");
                    break;
            }

            if (node.Node.Shape == NodeShape.Subroutine)
            {
                html.Append($"<path class=\"subroutine\" d=\"M{N(node.X + 6)},{N(node.Y)} v{N(node.Height)} M{N(node.X + node.Width - 6)},{N(node.Y)} v{N(node.Height)}\"/>");
            }

            html.Append($"<text x=\"{N(node.CenterX)}\" y=\"{N(node.CenterY)}\" text-anchor=\"middle\" dominant-baseline=\"central\">{node.Node.Label}</text></g>");
        }

        html.Append($"</g></svg>");
    }

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
