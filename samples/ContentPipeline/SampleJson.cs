using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContentPipeline;

/// <summary>
/// Source-generated JSON metadata for what the editor agent sends and receives and for what run records keep (inputs,
/// outputs, the editor's request and decision), so that the sample also runs trimmed or AOT-compiled, where
/// reflection-based serialization is off. Chat agents in such apps override <c>SerializerOptions</c> with options like
/// these, and runs get them as <c>WorkflowRunOptions.RecordSerializer</c>.
/// </summary>
[JsonSerializable(typeof(Article))]
[JsonSerializable(typeof(Analysis))]
[JsonSerializable(typeof(Enhanced))]
[JsonSerializable(typeof(Published))]
[JsonSerializable(typeof(SeoReport))]
[JsonSerializable(typeof(Digest))]
[JsonSerializable(typeof(Headline))]
[JsonSerializable(typeof(Orchestration.Taught<Headline>))]
[JsonSerializable(typeof(EditorDecision))]
[JsonSerializable(typeof(Publication))]
internal sealed partial class SampleJson : JsonSerializerContext
{
    private static JsonSerializerOptions? s_agentOptions;

    /// <summary>Web defaults (camelCase names, case-insensitive reading) over the generated metadata.</summary>
    /// <remarks>Built on first use: a static initializer here could run before the generated half sets <c>Default</c>.</remarks>
    public static JsonSerializerOptions AgentOptions =>
        s_agentOptions ??= new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = Default,
            WriteIndented = true,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
        };
}
