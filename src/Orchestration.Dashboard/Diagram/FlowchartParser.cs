using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Orchestration.Dashboard.Diagram;

/// <summary>
/// Reads the Mermaid flowcharts that Orchestration records with each run (written by <c>src/Shared/MermaidDiagram.cs</c>):
/// a <c>flowchart LR</c> header, <c>%%</c> comments, node declarations in five shapes and edges with optional quoted
/// labels, with <c>#quot;</c>, <c>#lt;</c> and <c>#gt;</c> escapes. That grammar is ours and small; anything outside it is
/// reported rather than guessed at, and the page shows the text instead.
/// </summary>
internal static partial class FlowchartParser
{
    /// <summary>Parses <paramref name="text"/>; on failure returns <see langword="null"/> and says why in <paramref name="problem"/>.</summary>
    public static Flowchart? TryParse(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "no diagram was recorded";
            return null;
        }

        var nodes = new List<FlowNode>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var edges = new List<FlowEdge>();
        var sawHeader = false;
        var lines = text!.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith("%%", StringComparison.Ordinal))
            {
                continue;
            }

            if (!sawHeader)
            {
                if (line is not ("flowchart LR" or "graph LR"))
                {
                    problem = $"line {i + 1}: expected 'flowchart LR', found '{line}'";
                    return null;
                }

                sawHeader = true;
                continue;
            }

            if (NodeLine().Match(line) is { Success: true } node)
            {
                var shape = node.Groups["open"].Value switch
                {
                    "([" => NodeShape.Stadium,
                    "[[" => NodeShape.Subroutine,
                    "{{" => NodeShape.Hexagon,
                    "[/" => NodeShape.Parallelogram,
                    _ => NodeShape.Box,
                };
                if (Closing(shape) != node.Groups["close"].Value)
                {
                    problem = $"line {i + 1}: node '{node.Groups["id"].Value}' opens with '{node.Groups["open"].Value}' but closes with '{node.Groups["close"].Value}'";
                    return null;
                }

                Declare(node.Groups["id"].Value, Unescape(node.Groups["label"].Value), shape, overwrite: true);
                continue;
            }

            if (EdgeLine().Match(line) is { Success: true } edge)
            {
                var from = edge.Groups["from"].Value;
                var to = edge.Groups["to"].Value;
                Declare(from, from, NodeShape.Box, overwrite: false);
                Declare(to, to, NodeShape.Box, overwrite: false);
                edges.Add(new FlowEdge(from, to, edge.Groups["label"].Success ? Unescape(edge.Groups["label"].Value) : null, edge.Groups["arrow"].Value == "-.->"));
                continue;
            }

            problem = $"line {i + 1}: '{line}' is neither a node nor an edge of the recorded diagram grammar";
            return null;
        }

        if (!sawHeader)
        {
            problem = "no 'flowchart LR' header";
            return null;
        }

        return new Flowchart(nodes, edges);

        void Declare(string id, string label, NodeShape shape, bool overwrite)
        {
            if (byId.TryGetValue(id, out var index))
            {
                if (overwrite)
                {
                    nodes[index] = new FlowNode(id, label, shape);
                }

                return;
            }

            byId[id] = nodes.Count;
            nodes.Add(new FlowNode(id, label, shape));
        }
    }

    private static string Closing(NodeShape shape) => shape switch
    {
        NodeShape.Stadium => "])",
        NodeShape.Subroutine => "]]",
        NodeShape.Hexagon => "}}",
        NodeShape.Parallelogram => "/]",
        _ => "]",
    };

    // The writer's escapes, undone; '#' itself is never escaped by the writer, so the order does not matter.
    private static string Unescape(string label) => label.Replace("#quot;", "\"").Replace("#lt;", "<").Replace("#gt;", ">");

    [GeneratedRegex("""^(?<id>[A-Za-z_][A-Za-z0-9_]*)(?<open>\(\[|\[\[|\[/|\{\{|\[)"(?<label>[^"]*)"(?<close>\]\)|\]\]|/\]|\}\}|\])$""", RegexOptions.CultureInvariant)]
    private static partial Regex NodeLine();

    [GeneratedRegex("""^(?<from>[A-Za-z_][A-Za-z0-9_]*)\s+(?<arrow>-->|-\.->)(?:\|"(?<label>[^"]*)"\|)?\s+(?<to>[A-Za-z_][A-Za-z0-9_]*)$""", RegexOptions.CultureInvariant)]
    private static partial Regex EdgeLine();
}
