using System.Linq;
using Microsoft.CodeAnalysis;

namespace Orchestration.Generators.Tests;

/// <summary>A chat agent's template is given the project's source-generated JSON contexts that declare its types.</summary>
public sealed class ChatJsonMetadataTests
{
    private const string Agent = GeneratorHarness.Usings + """
        using System.Text.Json.Serialization;
        using Microsoft.Extensions.AI;

        namespace Notes;

        public sealed record Topic(string Name);
        public sealed record Summary(string Headline);

        [AgentTemplate("summarizer")]
        public sealed class Summarizer(IChatClient chat) : ChatAgent<Topic, Summary>(chat);

        [AgentTemplate("poet")]
        public sealed class Poet(IChatClient chat) : ChatAgent<string, string>(chat);

        [AgentTemplate("counter")]
        public sealed class Counter : IAgent<Topic, int>
        {
            public ValueTask<int> RunAsync(Topic input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(1);
        }
        """;

    private static readonly MetadataReference[] Chat = [MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location)];

    private static string Module(params string[] sources)
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(sources.Select((s, i) => (s, $"File{i}.cs")), extra: Chat));
        Assert.Empty(outcome.GeneratorDiagnostics);
        var hint = outcome.HintNames.Single(h => h.StartsWith("Orchestration.Generated.", System.StringComparison.Ordinal) && !h.EndsWith(".Manifest.g.cs", System.StringComparison.Ordinal));
        return outcome.Generated(hint);
    }

    private static string TemplateBlock(string module, string id)
    {
        var start = module.IndexOf($"id: \"{id}\"", System.StringComparison.Ordinal);
        return module.Substring(start, module.IndexOf(");", start, System.StringComparison.Ordinal) - start + 2);
    }

    [Fact]
    public void The_context_that_declares_a_chat_agent_s_types_is_passed_to_its_template_and_to_no_other()
    {
        const string Context = """
            namespace Notes;
            [System.Text.Json.Serialization.JsonSerializable(typeof(Topic))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Summary))]
            internal sealed partial class NotesJson : System.Text.Json.Serialization.JsonSerializerContext;

            [System.Text.Json.Serialization.JsonSerializable(typeof(int))]
            internal sealed partial class Unrelated : System.Text.Json.Serialization.JsonSerializerContext;
            """;

        var module = Module(Agent, Context);

        Assert.Equal(
            "jsonMetadata: global::Notes.NotesJson.Default);",
            TemplateBlock(module, "summarizer").Split('\n').Select(l => l.Trim()).Last());
        Assert.DoesNotContain("jsonMetadata", TemplateBlock(module, "poet"));
        Assert.DoesNotContain("jsonMetadata", TemplateBlock(module, "counter"));
        Assert.DoesNotContain("Unrelated", module);
    }

    [Fact]
    public void Several_contexts_are_combined_and_without_one_the_template_has_no_metadata()
    {
        const string Two = """
            namespace Notes;
            [System.Text.Json.Serialization.JsonSerializable(typeof(Topic))]
            internal sealed partial class InputJson : System.Text.Json.Serialization.JsonSerializerContext;
            [System.Text.Json.Serialization.JsonSerializable(typeof(Summary))]
            internal sealed partial class OutputJson : System.Text.Json.Serialization.JsonSerializerContext;
            """;

        Assert.Contains(
            "jsonMetadata: global::System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(global::Notes.InputJson.Default, global::Notes.OutputJson.Default));",
            Module(Agent, Two));
        Assert.DoesNotContain("jsonMetadata", Module(Agent));
    }

    [Fact]
    public void A_file_local_context_is_not_passed_to_templates_it_cannot_be_named_from()
    {
        const string FileLocal = """
            namespace Notes;
            [System.Text.Json.Serialization.JsonSerializable(typeof(Topic))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Summary))]
            file sealed partial class NotesJson : System.Text.Json.Serialization.JsonSerializerContext;
            """;

        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(new[] { (Agent, "Agent.cs"), (FileLocal, "Json.cs") }, extra: Chat));

        Assert.DoesNotContain("NotesJson", outcome.AllGeneratedText());
        var generated = outcome.RunResult.GeneratedTrees;
        var errors = outcome.Compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && generated.Contains(tree))
            .ToArray();
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => e.ToString())));
    }
}
