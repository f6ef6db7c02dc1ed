using System.Collections.Generic;

namespace Orchestration.Dashboard.Diagram;

/// <summary>A workflow diagram as read back from its recorded Mermaid text (see <see cref="FlowchartParser"/>).</summary>
/// <param name="Nodes">The nodes, in the order they were declared (or first named by an edge).</param>
/// <param name="Edges">The edges, in the order they were written.</param>
internal sealed record Flowchart(IReadOnlyList<FlowNode> Nodes, IReadOnlyList<FlowEdge> Edges);

/// <summary>How a node is drawn.</summary>
internal enum NodeShape
{
    /// <summary><c>id["label"]</c>: an agent step.</summary>
    Box,

    /// <summary><c>id(["label"])</c>: the workflow's input or output.</summary>
    Stadium,

    /// <summary><c>id[["label"]]</c>: a nested workflow.</summary>
    Subroutine,

    /// <summary><c>id{{"label"}}</c>: a wait for an input request.</summary>
    Hexagon,

    /// <summary><c>id[/"label"/]</c>: a delay.</summary>
    Parallelogram,
}

/// <summary>One node.</summary>
/// <param name="Id">The node id (<c>input</c>, <c>output</c>, or <c>s1</c>, <c>s2</c>, ... for the steps).</param>
/// <param name="Label">The label, unescaped.</param>
/// <param name="Shape">How it is drawn.</param>
internal sealed record FlowNode(string Id, string Label, NodeShape Shape)
{
    /// <summary>The 1-based index of the workflow step this node draws (<c>s3</c> is step 3), or <see langword="null"/>.</summary>
    public int? StepIndex => Id.Length > 1 && Id[0] == 's' && int.TryParse(Id.Substring(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : null;
}

/// <summary>One edge.</summary>
/// <param name="From">The source node id.</param>
/// <param name="To">The target node id.</param>
/// <param name="Label">The label, unescaped, or <see langword="null"/>.</param>
/// <param name="Dashed">Whether the edge is conditional (<c>-.-&gt;</c>) rather than always taken (<c>--&gt;</c>).</param>
internal sealed record FlowEdge(string From, string To, string? Label, bool Dashed);
