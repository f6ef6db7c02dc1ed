using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Orchestration;

/// <summary>
/// An agent backed by a chat model through <see cref="IChatClient"/>: it sends instructions and the typed input, asks for
/// output matching the JSON schema of <typeparamref name="TOutput"/>, parses and validates the reply, and when the reply
/// is not valid it asks again with the error, a bounded number of times.
/// </summary>
/// <typeparam name="TInput">What the agent receives; rendered into the prompt by <see cref="RenderPrompt"/>.</typeparam>
/// <typeparam name="TOutput">What the agent produces; a <see cref="string"/> output is the reply's text as is.</typeparam>
/// <remarks>
/// The model comes from <see cref="ChatModelOptions"/> in the run's services (per template, else per tier), and so does
/// the price that turns the reply's token counts into the step's cost. Tools are offered through <see cref="GetTools"/>;
/// invoking them is the job of the application's <see cref="IChatClient"/> pipeline (for example function-invocation
/// middleware), as Microsoft.Extensions.AI intends.
/// </remarks>
public abstract class ChatAgent<TInput, TOutput> : IAgent<TInput, TOutput>
{
    private readonly IChatClient _chatClient;

    /// <summary>Creates the agent over a chat client.</summary>
    protected ChatAgent(IChatClient chatClient) => _chatClient = chatClient ?? throw new ArgumentNullException(nameof(chatClient));

    /// <summary>The system instructions; <see langword="null"/> (the default) uses the template's default instructions.</summary>
    protected virtual string? Instructions => null;

    /// <summary>
    /// Serializes inputs and parses outputs: Microsoft.Extensions.AI's defaults, made strict so that a reply missing a
    /// constructor parameter or putting null in a non-nullable member is rejected (and asked for again) rather than
    /// silently defaulted. Supply source-generated metadata, with the same two settings, for trimmed or AOT applications.
    /// </summary>
    protected virtual JsonSerializerOptions SerializerOptions => StrictOptions;

    private static JsonSerializerOptions StrictOptions { get; } = new(AIJsonUtilities.DefaultOptions)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>
    /// The tools offered to the model: by default, the <see cref="AITool"/>s registered in the run's services whose names
    /// the template lists in <see cref="AgentTemplate.Tools"/>.
    /// </summary>
    /// <exception cref="ChatAgentException">The template lists a tool no registered <see cref="AITool"/> provides.</exception>
    protected virtual IList<AITool>? GetTools(AgentContext context)
    {
        if (context is null)
        {
            throw new ArgumentNullException(nameof(context));
        }

        var names = context.Template.Tools;
        if (names.Count == 0)
        {
            return null;
        }

        var registered = (context.Services.GetService(typeof(IEnumerable<AITool>)) as IEnumerable<AITool> ?? Enumerable.Empty<AITool>()).ToArray();
        var tools = new List<AITool>(names.Count);
        foreach (var name in names)
        {
            tools.Add(registered.FirstOrDefault(t => t.Name == name) ?? throw new ChatAgentException(
                $"Template '{context.Template.Id}' lists tool '{name}', but no AITool of that name is registered in the services " +
                $"(registered: {(registered.Length == 0 ? "none" : string.Join(", ", registered.Select(t => t.Name)))}). " +
                $"Register it, for example services.AddSingleton<AITool>(AIFunctionFactory.Create(method, name: \"{name}\"))."));
        }

        return tools;
    }

    /// <summary>How many replies the model gets to produce a valid output (at least 1; default 3).</summary>
    protected virtual int MaxOutputAttempts => 3;

    /// <summary>The user message for <paramref name="input"/>: the text itself for strings, JSON otherwise.</summary>
    protected virtual string RenderPrompt(TInput input, AgentContext context) =>
        input is string text ? text : JsonSerializer.Serialize(input, TypeInfo<TInput>());

    /// <inheritdoc />
    public async ValueTask<TOutput> RunAsync(TInput input, AgentContext context, CancellationToken cancellationToken)
    {
        if (context is null)
        {
            throw new ArgumentNullException(nameof(context));
        }

        var settings = context.Services.GetService(typeof(ChatModelOptions)) as ChatModelOptions ?? new ChatModelOptions();
        var client = settings.Clients.TryGetValue(context.Template.Tier, out var tierClient) ? tierClient : _chatClient;
        var model = settings.ModelFor(context.Template);
        var options = new ChatOptions
        {
            ModelId = model,
            MaxOutputTokens = context.Template.Resources.MaxTokens,
            Tools = GetTools(context),
        };
        if (typeof(TOutput) != typeof(string))
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(Schema(), typeof(TOutput).Name);
        }

        var messages = new List<ChatMessage>();

        // A shared context goes first, unchanged, so that providers with prompt caching can reuse it across steps.
        if (context.Handoff is PromptCacheHandoff cache)
        {
            messages.Add(new ChatMessage(ChatRole.System, cache.Context));
        }

        if ((Instructions ?? context.Template.DefaultInstructions) is { Length: > 0 } instructions)
        {
            messages.Add(new ChatMessage(ChatRole.System, instructions));
        }

        messages.Add(new ChatMessage(ChatRole.User, RenderPrompt(input, context)));
        var attempts = Math.Max(1, MaxOutputAttempts);
        string? problem = null;
        string? reply = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (context.IsLogged)
            {
                context.Log("prompt", string.Join("\n\n", messages.Select(m => $"[{m.Role}] {m.Text}")));
            }

            var response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            var usage = new TokenUsage(response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
            context.RecordUsage(usage, settings.CostOf(response.ModelId ?? model, usage));
            reply = response.Text;
            context.Log("reply", reply);
            if (TryParse(reply, out var output, out problem))
            {
                return output;
            }

            // Show the model its reply and what was wrong with it, and ask again.
            messages.AddRange(response.Messages);
            messages.Add(new ChatMessage(ChatRole.User,
                $"Your reply could not be used: {problem}. Reply again with only a JSON value that matches the requested schema."));
        }

        throw new ChatAgentException(
            $"Agent '{context.Template.Id}' got no valid {typeof(TOutput).Name} from the model after {attempts} attempt(s): {problem}. Last reply: {Shorten(reply)}");
    }

    private bool TryParse(string? reply, out TOutput output, out string? problem)
    {
        output = default!;
        if (typeof(TOutput) == typeof(string))
        {
            problem = null;
            output = (TOutput)(object)(reply ?? string.Empty);
            return true;
        }

        var json = StripCodeFence(reply);
        if (string.IsNullOrWhiteSpace(json))
        {
            problem = "the reply was empty";
            return false;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(json, TypeInfo<TOutput>());
            if (parsed is null)
            {
                problem = "the reply was JSON null";
                return false;
            }

            output = parsed;
            problem = null;
            return true;
        }
        catch (JsonException ex)
        {
            problem = $"it is not valid JSON for {typeof(TOutput).Name} ({ex.Message})";
            return false;
        }
    }

    private JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)SerializerOptions.GetTypeInfo(typeof(T));

    // Exported from this agent's own metadata, so trimmed and AOT applications (source-generated metadata, no
    // reflection) describe the output exactly as they parse it.
    // Exported once per serializer (an agent can override its options) and kept as long as the options live.
    private JsonElement Schema() => Schemas.GetValue(SerializerOptions, options =>
    {
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode((JsonTypeInfo<TOutput>)options.GetTypeInfo(typeof(TOutput)));
        using var document = JsonDocument.Parse(schema.ToJsonString());
        return new StrongBox<JsonElement>(document.RootElement.Clone());
    }).Value;

    private static readonly ConditionalWeakTable<JsonSerializerOptions, StrongBox<JsonElement>> Schemas = new();

    // Models often wrap JSON in a Markdown code fence even when asked not to.
    private static string? StripCodeFence(string? reply)
    {
        var text = reply?.Trim();
        if (text is null || !text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        var firstLine = text.IndexOf('\n');
        var lastFence = text.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine < 0 || lastFence <= firstLine ? text : text.Substring(firstLine + 1, lastFence - firstLine - 1).Trim();
    }

    private static string Shorten(string? text) => text is null ? "(none)" : text.Length <= 200 ? text : text.Substring(0, 200) + "…";
}
