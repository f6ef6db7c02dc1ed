using System;
using System.Collections.Generic;

namespace Orchestration;

/// <summary>
/// How <see cref="CommandLineChatClient"/> drives a coding-agent or model CLI (<c>codex exec</c>, <c>claude -p</c>,
/// <c>gemini</c>, a local model's command line): which command, where the prompt goes, and how the reply is read.
/// </summary>
public sealed class CommandLineChatClientOptions
{
    /// <summary>The placeholder in <see cref="Arguments"/> replaced by the prompt; without it, the prompt goes to standard input.</summary>
    public const string PromptPlaceholder = "{prompt}";

    /// <summary>The placeholder in <see cref="Arguments"/> replaced by the model id (the request's, else <see cref="ModelId"/>).</summary>
    public const string ModelPlaceholder = "{model}";

    /// <summary>The executable, for example <c>claude</c> or <c>/usr/local/bin/codex</c>.</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>
    /// The arguments, each passed as one argument (never through a shell). An argument that contains
    /// <see cref="PromptPlaceholder"/> receives the prompt there; otherwise the prompt is written to standard input.
    /// <see cref="ModelPlaceholder"/> is replaced by the model id. Example: <c>["-p", "{prompt}", "--output-format", "json", "--model", "{model}"]</c>.
    /// Long prompts belong on standard input: the operating system limits the length of a command's arguments.
    /// </summary>
    public IList<string> Arguments { get; set; } = new List<string>();

    /// <summary>The model id when the request names none (also reported as the response's model).</summary>
    public string? ModelId { get; set; }

    /// <summary>Working directory of the CLI; this process's when <see langword="null"/>.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>
    /// The names of this process's environment variables the CLI may see (default: PATH, HOME, LANG, TMPDIR). Add the
    /// CLI's own key variable (for example <c>ANTHROPIC_API_KEY</c>) when it needs one; nothing else is passed.
    /// </summary>
    public IList<string> InheritedEnvironment { get; set; } = new List<string>(CommandLine.DefaultInheritedEnvironment);

    /// <summary>Variables set for the CLI.</summary>
    public IDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How long one call may take (default 10 minutes); past it the CLI and its children are killed and the call fails with a <see cref="TimeoutException"/>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Where the reply is in standard output: <see langword="null"/> (the default) takes all of it as the reply's text;
    /// a property path (for example <c>result</c>, or <c>message.content</c>) reads standard output as one JSON object and
    /// takes that string.
    /// </summary>
    public string? ReplyProperty { get; set; }

    /// <summary>With <see cref="ReplyProperty"/>: the path of the input token count in the JSON reply, for example <c>usage.input_tokens</c>.</summary>
    public string? InputTokensProperty { get; set; }

    /// <summary>With <see cref="ReplyProperty"/>: the path of the output token count in the JSON reply, for example <c>usage.output_tokens</c>.</summary>
    public string? OutputTokensProperty { get; set; }
}
