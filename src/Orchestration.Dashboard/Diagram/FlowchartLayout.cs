using System;
using System.Collections.Generic;
using System.Linq;

namespace Orchestration.Dashboard.Diagram;

/// <summary>A node with its box.</summary>
internal sealed record PlacedNode(FlowNode Node, double X, double Y, double Width, double Height)
{
    public double CenterX => X + (Width / 2);

    public double CenterY => Y + (Height / 2);
}

/// <summary>An edge as a cubic curve from (X1, Y1) to (X2, Y2) with two control points, and where its label goes.</summary>
internal sealed record PlacedEdge(FlowEdge Edge, double X1, double Y1, double C1X, double C1Y, double C2X, double C2Y, double X2, double Y2, bool Backward)
{
    // The curve's point at t = 1/2.
    public double LabelX => (X1 + (3 * C1X) + (3 * C2X) + X2) / 8;

    public double LabelY => (Y1 + (3 * C1Y) + (3 * C2Y) + Y2) / 8;
}

/// <summary>
/// Lays a <see cref="Flowchart"/> out left to right: each node in the column of its longest path from the input, columns
/// stacked and centred; edges that go back (a refinement's "revise") are found by a depth-first walk and drawn as arcs
/// below the chart. Text widths are computed for a monospace font, so that the layout is deterministic.
/// </summary>
internal sealed class FlowchartLayout
{
    public const double CharWidth = 7.2;        // 12px monospace
    public const double LabelCharWidth = 6.6;   // 11px monospace
    public const double NodeHeight = 34;
    public const double LabelHeight = 16;
    private const double NodePadding = 14;
    private const double Margin = 16;
    private const double RowGap = 22;
    private const double MinColumnGap = 56;
    private const double BackEdgeDrop = 26;

    private FlowchartLayout(IReadOnlyList<PlacedNode> nodes, IReadOnlyList<PlacedEdge> edges, double width, double height)
    {
        Nodes = nodes;
        Edges = edges;
        Width = width;
        Height = height;
    }

    public IReadOnlyList<PlacedNode> Nodes { get; }

    public IReadOnlyList<PlacedEdge> Edges { get; }

    public double Width { get; }

    public double Height { get; }

    public static double LabelWidth(string label) => (label.Length * LabelCharWidth) + 10;

    public static FlowchartLayout Compute(Flowchart chart)
    {
        var ids = chart.Nodes.Select(n => n.Id).ToArray();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var backward = FindBackEdges(chart, index);

        // Longest path over the forward edges (a DAG once back edges are set aside); small charts, so relax until stable.
        var rank = new int[ids.Length];
        for (var pass = 0; pass < ids.Length; pass++)
        {
            var changed = false;
            for (var e = 0; e < chart.Edges.Count; e++)
            {
                if (backward[e])
                {
                    continue;
                }

                var (from, to) = (index[chart.Edges[e].From], index[chart.Edges[e].To]);
                if (rank[to] < rank[from] + 1)
                {
                    rank[to] = rank[from] + 1;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        var widths = chart.Nodes.Select(n => Math.Max(NodeHeight, (n.Label.Length * CharWidth) + (2 * NodePadding) + (n.Shape == NodeShape.Subroutine ? 12 : 0))).ToArray();
        var columns = rank.Length == 0 ? 0 : rank.Max() + 1;
        var columnWidth = new double[columns];
        var columnHeight = new double[columns];
        for (var i = 0; i < ids.Length; i++)
        {
            columnWidth[rank[i]] = Math.Max(columnWidth[rank[i]], widths[i]);
            columnHeight[rank[i]] += (columnHeight[rank[i]] > 0 ? RowGap : 0) + NodeHeight;
        }

        // A gap wide enough for the labels of the edges that cross it.
        var gaps = Enumerable.Repeat(MinColumnGap, Math.Max(0, columns - 1)).ToArray();
        for (var e = 0; e < chart.Edges.Count; e++)
        {
            var edge = chart.Edges[e];
            if (!backward[e] && edge.Label is { } label && rank[index[edge.To]] == rank[index[edge.From]] + 1)
            {
                var gap = rank[index[edge.From]];
                gaps[gap] = Math.Max(gaps[gap], LabelWidth(label) + 28);
            }
        }

        var columnX = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            columnX[c] = c == 0 ? Margin : columnX[c - 1] + columnWidth[c - 1] + gaps[c - 1];
        }

        var chartHeight = columnHeight.Length == 0 ? NodeHeight : columnHeight.Max();
        var nextY = columnHeight.Select(h => Margin + ((chartHeight - h) / 2)).ToArray();
        var placed = new PlacedNode[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            var c = rank[i];
            placed[i] = new PlacedNode(chart.Nodes[i], columnX[c] + ((columnWidth[c] - widths[i]) / 2), nextY[c], widths[i], NodeHeight);
            nextY[c] += NodeHeight + RowGap;
        }

        var bottom = Margin + chartHeight;
        var edges = new List<PlacedEdge>(chart.Edges.Count);
        var arcs = 0;
        for (var e = 0; e < chart.Edges.Count; e++)
        {
            var edge = chart.Edges[e];
            var (from, to) = (placed[index[edge.From]], placed[index[edge.To]]);
            if (backward[e])
            {
                // Below everything, one level deeper for each further arc, so that arcs and their labels do not overlap.
                var low = bottom + (BackEdgeDrop * ++arcs) + (edge.Label is null ? 0 : LabelHeight);
                edges.Add(new PlacedEdge(edge, from.CenterX, from.Y + from.Height, from.CenterX, low, to.CenterX, low, to.CenterX, to.Y + to.Height, Backward: true));
                continue;
            }

            var (x1, y1, x2, y2) = (from.X + from.Width, from.CenterY, to.X, to.CenterY);
            var pull = (x2 - x1) / 2;
            edges.Add(new PlacedEdge(edge, x1, y1, x1 + pull, y1, x2 - pull, y2, x2, y2, Backward: false));
        }

        var width = columns == 0 ? 2 * Margin : columnX[columns - 1] + columnWidth[columns - 1] + Margin;
        var height = bottom + Margin + (arcs == 0 ? 0 : (BackEdgeDrop * arcs) + LabelHeight);
        return new FlowchartLayout(placed, edges, Math.Ceiling(width), Math.Ceiling(height));
    }

    /// <summary>The edges that close a cycle, found by walking from each node in declaration order (the input first).</summary>
    private static bool[] FindBackEdges(Flowchart chart, Dictionary<string, int> index)
    {
        var backward = new bool[chart.Edges.Count];
        var state = new byte[chart.Nodes.Count]; // 0 unvisited, 1 on the walk's path, 2 done
        var outgoing = chart.Nodes.Select(_ => new List<int>()).ToArray();
        for (var e = 0; e < chart.Edges.Count; e++)
        {
            outgoing[index[chart.Edges[e].From]].Add(e);
        }

        for (var start = 0; start < chart.Nodes.Count; start++)
        {
            if (state[start] == 0)
            {
                Visit(start);
            }
        }

        return backward;

        void Visit(int node)
        {
            state[node] = 1;
            foreach (var e in outgoing[node])
            {
                var to = index[chart.Edges[e].To];
                if (state[to] == 1)
                {
                    backward[e] = true;
                }
                else if (state[to] == 0)
                {
                    Visit(to);
                }
            }

            state[node] = 2;
        }
    }
}
