using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Orchestration.Dashboard.Diagram;

/// <summary>A node with its box.</summary>
internal sealed record PlacedNode(FlowNode Node, double X, double Y, double Width, double Height)
{
    public double CenterX => X + (Width / 2);

    public double CenterY => Y + (Height / 2);
}

/// <summary>An edge: its SVG path from (X1, Y1) to (X2, Y2), where its label goes, and whether it loops back.</summary>
internal sealed record PlacedEdge(FlowEdge Edge, string Path, double X1, double Y1, double X2, double Y2, double LabelX, double LabelY, bool Backward);

/// <summary>
/// Lays a <see cref="Flowchart"/> out left to right, the way layered graph drawing does it: each node in the column of its
/// longest path from the input; an edge that skips columns gets a reserved slot in each column it crosses (so it never
/// runs through a box, and its label sits in the first slot); each column ordered by where its predecessors are, then
/// stacked and centred. Edges that close a loop (a refinement's "revise") are found by a depth-first walk and drawn as
/// arcs above or below the chart. Text widths are computed for a monospace font, so that the layout is deterministic.
/// </summary>
internal sealed class FlowchartLayout
{
    public const double CharWidth = 7.2;        // 12px monospace
    public const double LabelCharWidth = 6.6;   // 11px monospace
    public const double NodeHeight = 34;
    public const double LabelHeight = 16;
    private const double SlotHeight = LabelHeight + 4;
    private const double NodePadding = 14;
    private const double Margin = 16;
    private const double RowGap = 22;
    private const double MinColumnGap = 56;
    private const double ArcStep = 26;

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
        var nodeCount = chart.Nodes.Count;
        var index = chart.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var edgeEnds = chart.Edges.Select(e => (From: index[e.From], To: index[e.To])).ToArray();
        var backward = FindBackEdges(nodeCount, edgeEnds);
        var rank = Ranks(nodeCount, edgeEnds, backward);
        var columns = nodeCount == 0 ? 0 : rank.Max() + 1;

        // Slots: every node, plus one per column an edge crosses without stopping.
        var slots = new List<Slot>();
        var slotOfNode = new int[nodeCount];
        for (var i = 0; i < nodeCount; i++)
        {
            slotOfNode[i] = slots.Count;
            var node = chart.Nodes[i];
            slots.Add(new Slot(rank[i], Math.Max(NodeHeight, (node.Label.Length * CharWidth) + (2 * NodePadding) + (node.Shape == NodeShape.Subroutine ? 12 : 0)), NodeHeight, Node: i, Edge: -1));
        }

        var crossings = new List<int>[chart.Edges.Count];
        for (var e = 0; e < chart.Edges.Count; e++)
        {
            crossings[e] = new List<int>();
            if (backward[e])
            {
                continue;
            }

            for (var c = rank[edgeEnds[e].From] + 1; c < rank[edgeEnds[e].To]; c++)
            {
                crossings[e].Add(slots.Count);
                var labelled = c == rank[edgeEnds[e].From] + 1 && chart.Edges[e].Label is not null;
                slots.Add(new Slot(c, labelled ? LabelWidth(chart.Edges[e].Label!) : 0, SlotHeight, Node: -1, Edge: e));
            }
        }

        var order = OrderColumns(columns, slots, edgeEnds, backward, slotOfNode, crossings);

        var columnWidth = new double[columns];
        var columnHeight = new double[columns];
        foreach (var slot in slots)
        {
            columnWidth[slot.Column] = Math.Max(columnWidth[slot.Column], slot.Width);
            columnHeight[slot.Column] += (columnHeight[slot.Column] > 0 ? RowGap : 0) + slot.Height;
        }

        // A gap wide enough for the labels of the edges that cross it from one column to the next.
        var gaps = Enumerable.Repeat(MinColumnGap, Math.Max(0, columns - 1)).ToArray();
        for (var e = 0; e < chart.Edges.Count; e++)
        {
            if (!backward[e] && chart.Edges[e].Label is { } label && crossings[e].Count == 0)
            {
                var gap = rank[edgeEnds[e].From];
                gaps[gap] = Math.Max(gaps[gap], LabelWidth(label) + 28);
            }
        }

        var columnX = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            columnX[c] = c == 0 ? Margin : columnX[c - 1] + columnWidth[c - 1] + gaps[c - 1];
        }

        // Back edges go above the chart when both ends are the top of their columns, else below it.
        var chartHeight = columnHeight.Length == 0 ? NodeHeight : columnHeight.Max();
        var arcsAbove = 0;
        var arcsBelow = 0;
        var above = new bool[chart.Edges.Count];
        for (var e = 0; e < chart.Edges.Count; e++)
        {
            if (backward[e])
            {
                above[e] = order[slotOfNode[edgeEnds[e].From]] == 0 && order[slotOfNode[edgeEnds[e].To]] == 0;
                _ = above[e] ? arcsAbove++ : arcsBelow++;
            }
        }

        var top = Margin + (arcsAbove * ArcStep);
        var y = new double[slots.Count];
        foreach (var column in slots.Select((s, i) => (s, i)).GroupBy(p => p.s.Column))
        {
            var next = top + ((chartHeight - columnHeight[column.Key]) / 2);
            foreach (var (slot, i) in column.OrderBy(p => order[p.i]))
            {
                y[i] = next;
                next += slot.Height + RowGap;
            }
        }

        var placed = new PlacedNode[nodeCount];
        for (var i = 0; i < nodeCount; i++)
        {
            var slot = slots[slotOfNode[i]];
            placed[i] = new PlacedNode(chart.Nodes[i], columnX[slot.Column] + ((columnWidth[slot.Column] - slot.Width) / 2), y[slotOfNode[i]], slot.Width, slot.Height);
        }

        var bottom = top + chartHeight;
        var edges = new List<PlacedEdge>(chart.Edges.Count);
        var (drawnAbove, drawnBelow) = (0, 0);
        for (var e = 0; e < chart.Edges.Count; e++)
        {
            var edge = chart.Edges[e];
            var (from, to) = (placed[edgeEnds[e].From], placed[edgeEnds[e].To]);
            if (backward[e])
            {
                // One level further out for each further arc, so that arcs and their labels do not overlap.
                var (startY, endY, level) = above[e]
                    ? (from.Y, to.Y, top - (ArcStep * ++drawnAbove))
                    : (from.Y + from.Height, to.Y + to.Height, bottom + (ArcStep * ++drawnBelow) + (edge.Label is null ? 0 : LabelHeight));
                // A step that loops to itself (repeat_until) leaves from its left part and comes back to its right part.
                var (startX, endX) = edgeEnds[e].From == edgeEnds[e].To
                    ? (from.X + (from.Width * 0.3), from.X + (from.Width * 0.7))
                    : (from.CenterX, to.CenterX);
                var path = Path().Move(startX, startY).Curve(startX, level, endX, level, endX, endY);
                edges.Add(new PlacedEdge(edge, path.ToString(), startX, startY, endX, endY, (startX + endX) / 2, (0.125 * (startY + endY)) + (0.75 * level), Backward: true));
                continue;
            }

            // Out of the source's right side, through the slot of each column crossed, into the target's left side.
            var points = new List<(double X, double Y)> { (from.X + from.Width, from.CenterY) };
            foreach (var s in crossings[e])
            {
                var c = slots[s].Column;
                var middle = y[s] + (SlotHeight / 2);
                points.Add((columnX[c], middle));
                points.Add((columnX[c] + columnWidth[c], middle));
            }

            points.Add((to.X, to.CenterY));
            var line = Path().Move(points[0].X, points[0].Y);
            for (var p = 0; p + 1 < points.Count; p += 2)
            {
                var (a, b) = (points[p], points[p + 1]);
                var pull = (b.X - a.X) / 2;
                line.Curve(a.X + pull, a.Y, b.X - pull, b.Y, b.X, b.Y);
                if (p + 2 < points.Count)
                {
                    line.Line(points[p + 2].X, points[p + 2].Y);
                }
            }

            var (labelX, labelY) = crossings[e].Count > 0
                ? ((points[1].X + points[2].X) / 2, points[1].Y)
                : ((points[0].X + points[1].X) / 2, (points[0].Y + points[1].Y) / 2);
            edges.Add(new PlacedEdge(edge, line.ToString(), points[0].X, points[0].Y, points[^1].X, points[^1].Y, labelX, labelY, Backward: false));
        }

        var width = columns == 0 ? 2 * Margin : columnX[columns - 1] + columnWidth[columns - 1] + Margin;
        var height = bottom + Margin + (arcsBelow == 0 ? 0 : (ArcStep * arcsBelow) + LabelHeight);
        return new FlowchartLayout(placed, edges, Math.Ceiling(width), Math.Ceiling(height));
    }

    /// <summary>The edges that close a cycle, found by walking from each node in declaration order (the input first).</summary>
    private static bool[] FindBackEdges(int nodeCount, (int From, int To)[] edges)
    {
        var backward = new bool[edges.Length];
        var state = new byte[nodeCount]; // 0 unvisited, 1 on the walk's path, 2 done
        for (var start = 0; start < nodeCount; start++)
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
            for (var e = 0; e < edges.Length; e++)
            {
                if (edges[e].From != node)
                {
                    continue;
                }

                if (state[edges[e].To] == 1)
                {
                    backward[e] = true;
                }
                else if (state[edges[e].To] == 0)
                {
                    Visit(edges[e].To);
                }
            }

            state[node] = 2;
        }
    }

    /// <summary>Each node's column: its longest path over the forward edges (a DAG once back edges are set aside).</summary>
    private static int[] Ranks(int nodeCount, (int From, int To)[] edges, bool[] backward)
    {
        var rank = new int[nodeCount];
        for (var pass = 0; pass < nodeCount; pass++)
        {
            var changed = false;
            for (var e = 0; e < edges.Length; e++)
            {
                if (!backward[e] && rank[edges[e].To] < rank[edges[e].From] + 1)
                {
                    rank[edges[e].To] = rank[edges[e].From] + 1;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return rank;
    }

    /// <summary>
    /// Each slot's position in its column, column by column from the left: by the mean position of what feeds it in the
    /// column before (fewer crossings), ties kept in declaration order.
    /// </summary>
    private static int[] OrderColumns(int columns, List<Slot> slots, (int From, int To)[] edges, bool[] backward, int[] slotOfNode, List<int>[] crossings)
    {
        var feeders = slots.Select(_ => new List<int>()).ToArray();
        for (var e = 0; e < edges.Length; e++)
        {
            if (backward[e])
            {
                continue;
            }

            var chain = new List<int> { slotOfNode[edges[e].From] };
            chain.AddRange(crossings[e]);
            chain.Add(slotOfNode[edges[e].To]);
            for (var i = 1; i < chain.Count; i++)
            {
                feeders[chain[i]].Add(chain[i - 1]);
            }
        }

        var order = new int[slots.Count];
        for (var c = 0; c < columns; c++)
        {
            var column = Enumerable.Range(0, slots.Count).Where(i => slots[i].Column == c).ToArray();
            var sorted = column
                .Select((slot, declared) => (slot, declared, key: feeders[slot].Count == 0 ? declared : feeders[slot].Average(f => order[f])))
                .OrderBy(p => p.key)
                .ThenBy(p => p.declared)
                .Select(p => p.slot)
                .ToArray();
            for (var position = 0; position < sorted.Length; position++)
            {
                order[sorted[position]] = position;
            }
        }

        return order;
    }

    private static PathBuilder Path() => new();

    /// <summary>One place in a column: a node's box, or the lane of an edge crossing the column.</summary>
    private sealed record Slot(int Column, double Width, double Height, int Node, int Edge);

    /// <summary>SVG path data, with numbers written the same way everywhere.</summary>
    private sealed class PathBuilder
    {
        private readonly StringBuilder _data = new();

        public PathBuilder Move(double x, double y) => Append('M', x, y);

        public PathBuilder Line(double x, double y) => Append(' ', 'L', x, y);

        public PathBuilder Curve(double x1, double y1, double x2, double y2, double x, double y)
        {
            _data.Append(" C");
            Point(x1, y1).Append(' ');
            Point(x2, y2).Append(' ');
            Point(x, y);
            return this;
        }

        public override string ToString() => _data.ToString();

        private PathBuilder Append(char command, double x, double y)
        {
            _data.Append(command);
            Point(x, y);
            return this;
        }

        private PathBuilder Append(char space, char command, double x, double y)
        {
            _data.Append(space);
            return Append(command, x, y);
        }

        private StringBuilder Point(double x, double y) =>
            _data.Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(',').Append(y.ToString("0.#", CultureInfo.InvariantCulture));
    }
}
