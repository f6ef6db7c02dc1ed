using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Orchestration;

/// <summary>
/// An <see cref="IChatClient"/> over a command-line model: each call runs the CLI once as a process of its own (no
/// shell, only the allowed environment variables), gives it the conversation as one prompt (as an argument or on
/// standard input), and reads the reply, and the token usage when the CLI reports it, from standard output. Any
/// <see cref="ChatAgent{TInput, TOutput}"/> runs on it unchanged: register it as the application's chat client, or as
/// one tier's (<c>services.AddKeyedSingleton&lt;IChatClient&gt;(ModelTier.Cheap, client)</c>).
/// </summary>
/// <remarks>
/// The prompt is the request's instructions and system messages, then the conversation (the last user message alone
/// when it is the whole conversation), then, when the request asks for JSON of a schema, an instruction to reply with
/// JSON of that schema (CLIs cannot be held to one). Tools cannot be offered to a CLI: a request with tools is refused.
/// A non-zero exit fails the call with <see cref="CommandFailedException"/> (the end of standard error in its message),
/// which the chat agent's retry pipeline may retry. Streaming returns the whole reply as one update, once the CLI exits.
/// </remarks>
public sealed class CommandLineChatClient : IChatClient
{
    private readonly CommandLineChatClientOptions _options;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates the client.</summary>
    /// <param name="options">The CLI and how to talk to it.</param>
    /// <exception cref="ArgumentException">No executable is set, or the timeout is not positive.</exception>
    public CommandLineChatClient(CommandLineChatClientOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (string.IsNullOrWhiteSpace(options.FileName))
        {
            throw new ArgumentException("CommandLineChatClientOptions.FileName must name the CLI to run, for example \"claude\" or \"codex\".", nameof(options));
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"CommandLineChatClientOptions.Timeout must be positive; it is {options.Timeout}.", nameof(options));
        }

        _metadata = new ChatClientMetadata("command-line", null, options.ModelId);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        if (options?.Tools is { Count: > 0 } tools)
        {
            throw new NotSupportedException(
                $"A command-line model cannot be offered tools ({string.Join(", ", tools.Select(t => t.Name))}): remove them from the agent's template, or run the agent on a provider's chat client.");
        }

        var prompt = Compose(messages.ToList(), options);
        var model = options?.ModelId ?? _options.ModelId ?? string.Empty;
        var promptInArguments = _options.Arguments.Any(a => a.Contains(CommandLineChatClientOptions.PromptPlaceholder, StringComparison.Ordinal));
        var arguments = _options.Arguments.Select(a => a
            .Replace(CommandLineChatClientOptions.PromptPlaceholder, prompt, StringComparison.Ordinal)
            .Replace(CommandLineChatClientOptions.ModelPlaceholder, model, StringComparison.Ordinal));
        var command = new CommandLine(_options.FileName, arguments)
        {
            WorkingDirectory = _options.WorkingDirectory,
            InheritedEnvironment = _options.InheritedEnvironment.ToArray(),
            Environment = new Dictionary<string, string>(_options.Environment, StringComparer.Ordinal),
            StandardInput = promptInArguments ? null : prompt,
            Timeout = _options.Timeout,
        };

        var result = await CommandRunner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new CommandFailedException(command, result);
        }

        var (text, usage) = Read(command, result.StandardOutput);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = model.Length == 0 ? null : model,
            FinishReason = ChatFinishReason.Stop,
            Usage = usage,
            CreatedAt = DateTimeOffset.UtcNow,
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceType is null)
        {
            throw new ArgumentNullException(nameof(serviceType));
        }

        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Nothing to release: every call's process ends with the call.</summary>
    public void Dispose()
    {
    }

    /// <summary>The conversation as one prompt.</summary>
    private static string Compose(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var prompt = new StringBuilder();
        void Paragraph(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (prompt.Length > 0)
            {
                prompt.Append("\n\n");
            }

            prompt.Append(text.Trim());
        }

        Paragraph(options?.Instructions ?? string.Empty);
        foreach (var message in messages.Where(m => m.Role == ChatRole.System))
        {
            Paragraph(message.Text);
        }

        var conversation = messages.Where(m => m.Role != ChatRole.System).ToList();
        if (conversation.Count == 1 && conversation[0].Role == ChatRole.User)
        {
            Paragraph(conversation[0].Text);
        }
        else
        {
            foreach (var message in conversation)
            {
                var role = message.Role == ChatRole.User ? "User" : message.Role == ChatRole.Assistant ? "Assistant" : message.Role.Value;
                Paragraph($"{role}:\n{message.Text}");
            }
        }

        if (options?.ResponseFormat is ChatResponseFormatJson { Schema: { } schema })
        {
            Paragraph("Reply with only a JSON value that matches this JSON schema, and no other text:\n" + schema.GetRawText());
        }
        else if (options?.ResponseFormat is ChatResponseFormatJson)
        {
            Paragraph("Reply with only a JSON value, and no other text.");
        }

        return prompt.ToString();
    }

    private (string Text, UsageDetails? Usage) Read(CommandLine command, string output)
    {
        if (_options.ReplyProperty is not { } replyPath)
        {
            return (output.Trim(), null);
        }

        try
        {
            using var document = JsonDocument.Parse(output);
            var reply = Find(document.RootElement, replyPath);
            if (reply is not { ValueKind: JsonValueKind.String } text)
            {
                throw new InvalidOperationException($"it has no string at '{replyPath}' (CommandLineChatClientOptions.ReplyProperty)");
            }

            var input = Count(document.RootElement, _options.InputTokensProperty);
            var produced = Count(document.RootElement, _options.OutputTokensProperty);
            var usage = input is null && produced is null ? null : new UsageDetails
            {
                InputTokenCount = input,
                OutputTokenCount = produced,
                TotalTokenCount = (input ?? 0) + (produced ?? 0),
            };
            return (text.GetString()!, usage);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            var shown = output.Length > 500 ? output[..500] + "…" : output;
            throw new InvalidOperationException($"The reply of '{command.FileName}' could not be read: {ex.Message}. It wrote: {shown}", ex);
        }
    }

    private static long? Count(JsonElement root, string? path) =>
        path is not null && Find(root, path) is { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out var value) ? value : null;

    private static JsonElement? Find(JsonElement element, string path)
    {
        foreach (var name in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element;
    }
}
