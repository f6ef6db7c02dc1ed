using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orchestration.Commands.CommandLine;
using Orchestration.Commands.Terminal;

namespace Orchestration.Commands.Workflows;

/// <summary>
/// <c>--input file.json</c> or <c>--input -</c> (standard input): a workflow's input read as its input type with the
/// application's record serializer, exactly as a run records it and a resumed run reads it back.
/// </summary>
internal static class JsonInput
{
    public static System.CommandLine.Option<string> CreateOption(bool required, string description) => new("--input", "-i")
    {
        Description = description,
        Required = required,
    };

    /// <summary>The text of <paramref name="source"/>: a file, or standard input for <c>-</c>.</summary>
    public static string ReadText(CommandContext context, string source)
    {
        if (source == "-")
        {
            return context.Input.ReadToEnd();
        }

        var path = Path.GetFullPath(source);
        if (!File.Exists(path))
        {
            throw new CommandException($"No input file {path}. Give --input a JSON file, or - to read standard input.");
        }

        return File.ReadAllText(path);
    }

    /// <summary>The input for <paramref name="workflow"/>, read from <paramref name="source"/>; a clear error when it is not one.</summary>
    public static object Read(CommandContext context, string source, WorkflowDefinition workflow)
    {
        var type = workflow.InputType ?? throw new CommandException(
            $"Workflow '{workflow.Id}' was registered without input and output types (created at run time as a WorkflowDefinition), so its input cannot be read from JSON. " +
            "Declare it with [Workflow] (the generator gives it a typed definition), or create it as WorkflowDefinition<TInput, TOutput>.");
        var info = TypeInfo(context, type, $"Workflow '{workflow.Id}' takes");
        var text = ReadText(context, source);
        object? value;
        try
        {
            value = JsonSerializer.Deserialize(text, info);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new CommandException($"The input {Where(source)} is not a {TypeNames.Display(type)} in JSON: {ex.Message}");
        }

        return value ?? throw new CommandException($"The input {Where(source)} is null; workflow '{workflow.Id}' takes a {TypeNames.Display(type)}.");
    }

    /// <summary>The record serializer's metadata for <paramref name="type"/>, or why it has none.</summary>
    public static JsonTypeInfo TypeInfo(CommandContext context, Type type, string what)
    {
        try
        {
            return context.RecordSerializer.GetTypeInfo(type);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException)
        {
            throw new CommandException(
                $"{what} {TypeNames.Display(type)}, which the record serializer has no JSON metadata for ({ex.Message}). " +
                "Add the type to the JsonSerializerContext given as WorkflowRunOptions.RecordSerializer.");
        }
    }

    private static string Where(string source) => source == "-" ? "from standard input" : $"in {Path.GetFullPath(source)}";
}
