using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Orchestration.Analyzers.Tests;

/// <summary>ORCH0022: a chat agent in a trimmed or native AOT project whose types no source-generated JSON context declares.</summary>
public sealed class JsonMetadataRuleTests
{
    private static readonly Dictionary<string, string> Aot = new() { ["PublishAot"] = "true" };
    private static readonly Dictionary<string, string> TrimAnalyzer = new() { ["EnableTrimAnalyzer"] = "true" };

    private const string Agent = AnalyzerHarness.Usings + """
        using System.Text.Json.Serialization;
        using Microsoft.Extensions.AI;

        namespace Notes;

        public sealed record Topic(string Name);
        public sealed record Summary(string Headline);

        [AgentTemplate("summarizer")]
        public sealed class {|#0:Summarizer|}(IChatClient chat) : ChatAgent<Topic, Summary>(chat);
        """;

    private static IEnumerable<MetadataReference> ChatReferences =>
        [MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location)];

    /// <summary>Analyzes the sources with the build properties: exactly the expected diagnostics (ORCH0022 is a warning).</summary>
    private static void Verify(Dictionary<string, string>? properties, string[] sources, params DiagnosticResult[] expected) =>
        AnalyzerHarness.Verify(sources.Select((s, i) => ($"File{i}.cs", s)), expected, properties, ChatReferences);

    [Fact]
    public void A_chat_agent_whose_types_no_context_declares_is_reported_at_its_class_name_in_an_aot_project()
    {
        Verify(
            Aot,
            [Agent],
            AnalyzerHarness.At(
                0,
                "ORCH0022",
                "Chat agent 'summarizer' (Summarizer) reads and writes Topic and Summary as JSON, and this project trims (native AOT or trimmed publish), " +
                "where that needs source-generated metadata: add [JsonSerializable(typeof(Topic))] and [JsonSerializable(typeof(Summary))] to a JsonSerializerContext " +
                "in this project (for example 'internal sealed partial class AppJson : JsonSerializerContext'); the generator passes it to the agent's template",
                DiagnosticSeverity.Warning));
        Assert.Equal(
            "https://github.com/orchestration-dotnet/orchestration/blob/main/docs/diagnostics/ORCH0022.md",
            new DeclarationAnalyzer().SupportedDiagnostics.Single(d => d.Id == "ORCH0022").HelpLinkUri);
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

        Verify(
            TrimAnalyzer,
            [Agent, Context],
            AnalyzerHarness.At(
                0,
                "ORCH0022",
                "Chat agent 'summarizer' (Summarizer) reads and writes Summary as JSON, and this project trims (native AOT or trimmed publish), " +
                "where that needs source-generated metadata: add [JsonSerializable(typeof(Summary))] to Notes.NotesJson (a JsonSerializerContext in this project); " +
                "the generator passes it to the agent's template",
                DiagnosticSeverity.Warning));
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

        Verify(Aot, [Agent, Context]);
        Verify(null, [Agent]);
        Verify(Aot, [OwnOptions, TextOnly]);
    }
}
