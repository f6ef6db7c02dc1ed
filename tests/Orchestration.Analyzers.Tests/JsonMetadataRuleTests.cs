using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Orchestration.Analyzers.Tests;

/// <summary>ORCH0022: a chat agent in a trimmed or native AOT project whose types no source-generated JSON context declares.</summary>
public sealed class JsonMetadataRuleTests
{
    private static readonly TestOptions Aot = new(new Dictionary<string, string> { ["build_property.PublishAot"] = "true" });
    private static readonly TestOptions TrimAnalyzer = new(new Dictionary<string, string> { ["build_property.EnableTrimAnalyzer"] = "true" });

    private const string Agent = AnalyzerHarness.Usings + """
        using System.Text.Json.Serialization;
        using Microsoft.Extensions.AI;

        namespace Notes;

        public sealed record Topic(string Name);
        public sealed record Summary(string Headline);

        [AgentTemplate("summarizer")]
        public sealed class [|Summarizer|](IChatClient chat) : ChatAgent<Topic, Summary>(chat);
        """;

    private static IEnumerable<MetadataReference> ChatReferences =>
        [MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location)];

    private static (string Source, Microsoft.CodeAnalysis.Text.TextSpan Span) Unmark(string markup)
    {
        var start = markup.IndexOf("[|", System.StringComparison.Ordinal);
        var end = markup.IndexOf("|]", System.StringComparison.Ordinal);
        return (markup.Remove(end, 2).Remove(start, 2), Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, end - 2));
    }

    private static Diagnostic[] Analyze(TestOptions options, params string[] sources) =>
        AnalyzerHarness.Analyze(AnalyzerHarness.Compile(sources.Select((s, i) => (Unmark(s.Contains("[|") ? s : s + "[||]").Source, $"File{i}.cs")), extra: ChatReferences), options)
            .ToArray();

    [Fact]
    public void A_chat_agent_whose_types_no_context_declares_is_reported_at_its_class_name_in_an_aot_project()
    {
        var (source, span) = Unmark(Agent);

        var diagnostic = Assert.Single(Analyze(Aot, Agent));

        Assert.Equal("ORCH0022", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            "Chat agent 'summarizer' (Summarizer) reads and writes Topic and Summary as JSON, and this project trims (native AOT or trimmed publish), " +
            "where that needs source-generated metadata: add [JsonSerializable(typeof(Topic))] and [JsonSerializable(typeof(Summary))] to a JsonSerializerContext " +
            "in this project (for example 'internal sealed partial class AppJson : JsonSerializerContext'); the generator passes it to the agent's template",
            diagnostic.GetMessage());
        Assert.Equal("File0.cs", diagnostic.Location.SourceTree!.FilePath);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal("https://github.com/orchestration-dotnet/orchestration/blob/main/docs/diagnostics/ORCH0022.md", diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void A_context_declaring_one_of_the_types_leaves_the_other_named_and_the_context_suggested()
    {
        const string Context = AnalyzerHarness.Usings + """
            using System.Text.Json.Serialization;
            namespace Notes;
            [JsonSerializable(typeof(Topic))]
            internal sealed partial class NotesJson : JsonSerializerContext;
            """;

        var diagnostic = Assert.Single(Analyze(TrimAnalyzer, Agent, Context));

        Assert.Equal(
            "Chat agent 'summarizer' (Summarizer) reads and writes Summary as JSON, and this project trims (native AOT or trimmed publish), " +
            "where that needs source-generated metadata: add [JsonSerializable(typeof(Summary))] to Notes.NotesJson (a JsonSerializerContext in this project); " +
            "the generator passes it to the agent's template",
            diagnostic.GetMessage());
    }

    [Fact]
    public void No_diagnostic_when_a_context_declares_every_type_when_the_project_does_not_trim_or_when_the_agent_brings_its_own_options()
    {
        const string Context = AnalyzerHarness.Usings + """
            using System.Text.Json.Serialization;
            namespace Notes;
            [JsonSerializable(typeof(Topic))]
            [JsonSerializable(typeof(Summary))]
            internal sealed partial class NotesJson : JsonSerializerContext;
            """;
        const string OwnOptions = AnalyzerHarness.Usings + """
            using System.Text.Json;
            using Microsoft.Extensions.AI;
            namespace Notes;
            public sealed record Draft(string Text);
            [AgentTemplate("drafter")]
            public sealed class Drafter(IChatClient chat) : ChatAgent<string, Draft>(chat)
            {
                protected override JsonSerializerOptions SerializerOptions => CreateSerializerOptions();
            }
            """;
        const string TextOnly = AnalyzerHarness.Usings + """
            using Microsoft.Extensions.AI;
            namespace Notes;
            [AgentTemplate("poet")]
            public sealed class Poet(IChatClient chat) : ChatAgent<string, string>(chat);
            """;

        Assert.Empty(Analyze(Aot, Agent, Context));
        Assert.Empty(Analyze(TestOptions.Empty, Agent));
        Assert.Empty(Analyze(Aot, OwnOptions, TextOnly));
    }
}
