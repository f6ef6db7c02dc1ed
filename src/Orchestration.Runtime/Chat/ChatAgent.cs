using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Orchestration.Telemetry;

namespace Orchestration;

/// <summary>
/// An agent backed by a chat model through <see cref="IChatClient"/>: it sends instructions and the typed input, asks for
/// output matching the JSON schema of <typeparamref name="TOutput"/>, parses and validates the reply, and when the reply
/// is not valid it asks again with the error, a bounded number of times.
/// </summary>
/// <typeparam name="TInput">What the agent receives; rendered into the prompt by <see cref="RenderPrompt"/>.</typeparam>
/// <typeparam name="TOutput">What the agent produces; a <see cref="string"/> output is the reply's text as is.</typeparam>
/// <remarks>
/// <para>
/// The model comes from <see cref="OrchestrationOptions.Templates"/>, else <see cref="ChatModelOptions"/> (per template,
/// else per tier), and so does the price that turns the reply's token counts into the step's cost. Every model call runs
/// through the resilience pipeline of <see cref="ChatResilience"/>, which retries transient failures; every call counts
/// as an attempt of the step, and every failed one leaves its error in the step's log.
/// </para>
/// <para>
/// Tools are offered through <see cref="GetTools"/>; invoking them is the job of the client's pipeline
/// (Microsoft.Extensions.AI's <c>UseFunctionInvocation()</c>). A tool call that comes back to the agent uninvoked fails the
/// step at once, saying so: the agent never answers a tool call with anything but its result.
/// </para>
/// </remarks>
public abstract class ChatAgent<TInput, TOutput> : IAgent<TInput, TOutput>
{
    /// <summary>The key under which Microsoft.Extensions.AI's OpenAI client reads strict structured output.</summary>
    internal const string StrictKey = "strict";

    private readonly IChatClient _chatClient;

    /// <summary>Creates the agent over a chat client.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="chatClient"/> is null.</exception>
    protected ChatAgent(IChatClient chatClient) => _chatClient = chatClient ?? throw new ArgumentNullException(nameof(chatClient));

    /// <summary>The system instructions; <see langword="null"/> (the default) uses the template's default instructions.</summary>
    protected virtual string? Instructions => null;

    /// <summary>
    /// Serializes inputs and parses outputs: Microsoft.Extensions.AI's defaults made strict, so that a reply missing a
    /// constructor parameter, putting null in a non-nullable member or a number in quotes is rejected (and asked for
    /// again) rather than silently accepted, over the JSON metadata the template carries (source-generated contexts the
    /// generator found for the agent's types; see <see cref="AgentTemplate.JsonMetadata"/>). Override it only to supply
    /// metadata some other way, with the same settings (<see cref="CreateSerializerOptions"/> builds them).
    /// </summary>
    protected virtual JsonSerializerOptions SerializerOptions => DefaultOptions;

    /// <summary>
    /// Whether the provider is asked to hold the output to its schema exactly (OpenAI's strict structured output);
    /// <see langword="null"/> (the default) follows <see cref="ChatModelOptions.StrictJsonSchema"/>.
    /// </summary>
    protected virtual bool? StrictJsonSchema => null;

    /// <summary>
    /// The most tokens the model may produce per call; <see langword="null"/> (the default) follows the template's
    /// configuration (<see cref="TemplateOptions.MaxOutputTokens"/>), then <see cref="ChatModelOptions.MaxOutputTokens"/>,
    /// and sends no limit when none is set.
    /// </summary>
    protected virtual int? MaxOutputTokens => null;

    /// <summary>
    /// Serializer options with the settings chat agents parse replies with, over <paramref name="metadata"/> (for
    /// example a source-generated <see cref="JsonSerializerContext"/>) and then Microsoft.Extensions.AI's own.
    /// </summary>
    public static JsonSerializerOptions CreateSerializerOptions(IJsonTypeInfoResolver? metadata = null)
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions)
        {
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
            // Web defaults read numbers from strings, which makes every number's schema "string or integer".
            NumberHandling = JsonNumberHandling.Strict,
        };
        if (metadata is not null)
        {
            options.TypeInfoResolver = JsonTypeInfoResolver.Combine(metadata, AIJsonUtilities.DefaultOptions.TypeInfoResolver);
        }

        options.MakeReadOnly();
        return options;
    }

    private static readonly JsonSerializerOptions DefaultOptions = CreateSerializerOptions();

    // Options over each template's metadata, built once per resolver and kept as long as it lives.
    private static readonly ConditionalWeakTable<IJsonTypeInfoResolver, JsonSerializerOptions> MetadataOptions = new();

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
        input is string text ? text : JsonSerializer.Serialize(input, TypeInfo<TInput>(OptionsFor(context)));

    /// <inheritdoc />
    public async ValueTask<TOutput> RunAsync(TInput input, AgentContext context, CancellationToken cancellationToken)
    {
        if (context is null)
        {
            throw new ArgumentNullException(nameof(context));
        }

        var environment = ChatEnvironment.For(context.Services);
        var settings = environment.ChatOptions;
        var overrides = environment.Orchestration?.For(context.Template.Id);
        var client = environment.ClientFor(context.Template.Tier) ?? _chatClient;
        var model = overrides?.Model ?? settings.ModelFor(context.Template);
        var serializer = OptionsFor(context);
        var options = new ChatOptions
        {
            ModelId = model,
            MaxOutputTokens = MaxOutputTokens ?? overrides?.MaxOutputTokens ?? settings.MaxOutputTokens,
            Tools = GetTools(context),
        };
        if (typeof(TOutput) != typeof(string))
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(ChatOutputSchema.For(OutputType(serializer)), SchemaName);
            if (StrictJsonSchema ?? settings.StrictJsonSchema)
            {
                options.AdditionalProperties = new AdditionalPropertiesDictionary { [StrictKey] = true };
            }
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
        var call = new ModelCall(client, messages, options, context);
        var attempts = Math.Max(1, MaxOutputAttempts);
        string? problem = null;
        string? reply = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var response = await environment.Call(call, cancellationToken).ConfigureAwait(false);
            var usage = new TokenUsage(response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
            context.RecordUsage(usage, settings.CostOf(model, response.ModelId, usage));
            if (attempt == 1)
            {
                OrchestrationTelemetry.TagModel(context, client, model, response.ModelId);
            }

            RefuseUninvokedToolCalls(response, context, options.Tools, environment);
            reply = response.Text;
            context.Log("reply", reply);
            if (TryParse(reply, serializer, out var output, out problem))
            {
                return output;
            }

            if (attempt == attempts)
            {
                break;
            }

            // Show the model its reply and what was wrong with it, and ask again: a new attempt of the step.
            context.RecordRetry($"the reply could not be used: {problem}");
            messages.AddRange(response.Messages);
            messages.Add(new ChatMessage(ChatRole.User,
                $"Your reply could not be used: {problem}. Reply again with only a JSON value that matches the requested schema."));
        }

        throw new ChatAgentException(
            $"Agent '{context.Template.Id}' got no valid {typeof(TOutput).Name} from the model after {attempts} attempt(s): {problem}. Last reply: {Shorten(reply)}");
    }

    /// <summary>
    /// Fails the step when the reply holds a tool call nobody answered: the client's pipeline does not invoke tools (or
    /// gave up), and sending the conversation on would put a tool call before a message that is not its result.
    /// </summary>
    private static void RefuseUninvokedToolCalls(ChatResponse response, AgentContext context, IList<AITool>? offered, ChatEnvironment environment)
    {
        // Index loops: this runs on every reply, and interface enumerators would allocate.
        var messages = response.Messages;
        var calls = false;
        for (var i = 0; i < messages.Count && !calls; i++)
        {
            var contents = messages[i].Contents;
            for (var j = 0; j < contents.Count && !calls; j++)
            {
                calls = contents[j] is FunctionCallContent;
            }
        }

        if (!calls)
        {
            return;
        }

        var all = messages.SelectMany(m => m.Contents).ToArray();
        var answered = new HashSet<string>(all.OfType<FunctionResultContent>().Select(r => r.CallId), StringComparer.Ordinal);
        var pending = all.OfType<FunctionCallContent>().FirstOrDefault(c => !answered.Contains(c.CallId));
        if (pending is null)
        {
            return;
        }

        OrchestrationLog.ToolCallRefused(environment.Logger, context.RunId, context.StepIndex, context.Template.Id, pending.Name);
        var wasOffered = offered?.Any(t => t.Name == pending.Name) == true;
        throw new ChatAgentException(
            $"Agent '{context.Template.Id}': the model called tool '{pending.Name}'{(wasOffered ? string.Empty : ", which the agent did not offer,")} " +
            "but the chat client did not invoke it, and a chat agent does not answer tool calls itself. " +
            "Add function invocation to the client's pipeline: client.AsBuilder().UseFunctionInvocation().Build() (Microsoft.Extensions.AI), " +
            "with the tools registered as AITool services and listed in the template's Tools.");
    }

    private bool TryParse(string? reply, JsonSerializerOptions serializer, out TOutput output, out string? problem)
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
            var parsed = JsonSerializer.Deserialize(json!, OutputType(serializer));
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

    /// <summary>The serializer for this step: the agent's own, else one over the template's metadata.</summary>
    private JsonSerializerOptions OptionsFor(AgentContext context)
    {
        var options = SerializerOptions;
        return ReferenceEquals(options, DefaultOptions) && context.Template.JsonMetadata is { } metadata
            ? MetadataOptions.GetValue(metadata, static m => CreateSerializerOptions(m))
            : options;
    }

    // The output's metadata for the serializer used last: agents of one type nearly always share one serializer.
    private static (JsonSerializerOptions Options, JsonTypeInfo<TOutput> Type)? _output;

    private static JsonTypeInfo<TOutput> OutputType(JsonSerializerOptions options)
    {
        if (_output is { } cached && ReferenceEquals(cached.Options, options))
        {
            return cached.Type;
        }

        var type = TypeInfo<TOutput>(options);
        _output = (options, type);
        return type;
    }

    private static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options)
    {
        try
        {
            return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        }
        catch (NotSupportedException ex)
        {
            // A trimmed or AOT application without metadata for the type: say what to add.
            throw new ChatAgentException(
                $"No JSON metadata for {typeof(T).FullName} in this trimmed or native AOT application. Add [JsonSerializable(typeof({typeof(T).Name}))] " +
                "to a JsonSerializerContext in the project that declares the agent: the generator passes it to the agent's template.", ex);
        }
    }

    // OpenAI accepts letters, digits, '_' and '-' in a schema's name.
    private static readonly string SchemaName = new(typeof(TOutput).Name.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());

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
