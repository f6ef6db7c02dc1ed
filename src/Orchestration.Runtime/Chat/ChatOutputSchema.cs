using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Orchestration;

/// <summary>
/// The JSON schema a chat agent asks its model to answer in: exported from the same metadata the reply is parsed with
/// (so trimmed and AOT applications describe the output exactly as they read it), in the subset OpenAI's strict mode
/// accepts and without weakening the contract.
/// </summary>
/// <remarks>
/// The root and every member are as nullable as the C# types say (a reference type without a <c>?</c> is not
/// nullable, and neither is a collection's element), numbers are numbers (not "a string or an integer"), every object
/// lists all its properties as required and forbids others, and defaults move into descriptions. Exported once per
/// type's metadata.
/// </remarks>
internal static class ChatOutputSchema
{
    private static readonly JsonSchemaExporterOptions Export = new() { TreatNullObliviousAsNonNullable = true };

    private static readonly AIJsonSchemaTransformOptions Strict = new()
    {
        DisallowAdditionalProperties = true,
        RequireAllProperties = true,
        MoveDefaultKeywordToDescription = true,
        ConvertBooleanSchemas = true,
    };

    private static readonly ConditionalWeakTable<JsonTypeInfo, StrongBox<JsonElement>> Schemas = new();

    public static JsonElement For(JsonTypeInfo type) => Schemas.GetValue(type, static t =>
    {
        var node = JsonSchemaExporter.GetJsonSchemaAsNode(t, Export);
        using var document = JsonDocument.Parse(node.ToJsonString());
        return new StrongBox<JsonElement>(AIJsonUtilities.TransformSchema(document.RootElement.Clone(), Strict));
    }).Value;
}
