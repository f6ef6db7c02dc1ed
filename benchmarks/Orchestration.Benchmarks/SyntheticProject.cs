using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Orchestration.Benchmarks;

/// <summary>
/// A synthetic project with N workflows and N + 3 agent templates, one file per template and per workflow, plus an
/// unrelated file. Workflows are chains of three templates; every tenth nests the previous workflow, so the graph
/// has references, depth and types to check.
/// </summary>
internal static class SyntheticProject
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(WorkflowRun).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    public static CSharpCompilation Create(int count)
    {
        var trees = Enumerable.Range(0, count + 3).Select(i => Parse(Template(i), $"Templates/T{i}.cs"))
            .Concat(Enumerable.Range(0, count).Select(i => Parse(Workflow(i), $"Workflows/W{i}.cs")))
            .Append(Parse(Unrelated(0), "Unrelated.cs"));
        return CSharpCompilation.Create("Synthetic", trees, References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    /// <summary>The same compilation with the unrelated file edited (<paramref name="version"/> changes its text).</summary>
    public static Compilation EditUnrelated(Compilation compilation, int version) =>
        Replace(compilation, "Unrelated.cs", Unrelated(version));

    /// <summary>The same compilation with workflow 0's description edited.</summary>
    public static Compilation EditWorkflow(Compilation compilation, int version) =>
        Replace(compilation, "Workflows/W0.cs", Workflow(0, $"edited {version}"));

    private static Compilation Replace(Compilation compilation, string path, string text)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, Parse(text, path));
    }

    private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    // Template i maps M{i} to M{i+1}; a workflow of templates i, i+1, i+2 maps M{i} to M{i+3}.
    private static string Template(int i) => $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using Orchestration;

        namespace Synthetic.Templates;

        public sealed record M{{i}}(int Value);

        [AgentTemplate("t{{i}}", Role = "Role {{i}}", Tier = ModelTier.Cheap, Capabilities = new[] { "c{{i % 10}}" })]
        public sealed class T{{i}} : IAgent<M{{i}}, M{{i + 1}}>
        {
            public ValueTask<M{{i + 1}}> RunAsync(M{{i}} input, AgentContext context, CancellationToken cancellationToken) =>
                ValueTask.FromResult(new M{{i + 1}}(input.Value + 1));
        }
        """;

    private static string Workflow(int i, string description = "synthetic")
    {
        var steps = new StringBuilder();
        var nests = i % 10 == 9;
        if (nests)
        {
            // Workflow i-1 maps M{i-1} to M{i+2}; then templates i+2, i+3 continue the chain.
            steps.Append($"[Step(Workflow = \"w{i - 1}\")]\n[Step(\"t{i + 2}\")]\n[Step(\"t{i + 3}\")]\n");
        }
        else
        {
            for (var k = 0; k < 3; k++)
            {
                steps.Append($"[Step(\"t{i + k}\")]\n");
            }
        }

        return $$"""
            using Orchestration;
            using Synthetic.Templates;

            namespace Synthetic.Workflows;

            [Workflow("w{{i}}", Strategy = "{{(nests ? "nested_sequential" : "sequential")}}", Description = "{{description}}")]
            {{steps}}public static partial class W{{i}};
            """;
    }

    private static string Unrelated(int version) => $"namespace Synthetic;\npublic static class Unrelated {{ public static int Value => {version}; }}\n";
}
