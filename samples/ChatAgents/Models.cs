using System.Text.Json.Serialization;

namespace ChatAgents;

/// <summary>What to write about.</summary>
public sealed record Topic(string Name, int Points);

/// <summary>What the model writes.</summary>
public sealed record Brief(string Headline, IReadOnlyList<string> Points, int Words);

/// <summary>
/// Source-generated JSON metadata for the chat agent's types: in a native AOT application this is all it needs (the
/// generator passes it to the agent's template; without it the build warns with ORCH0022, naming the types).
/// </summary>
[JsonSerializable(typeof(Topic))]
[JsonSerializable(typeof(Brief))]
internal sealed partial class SampleJson : JsonSerializerContext;
