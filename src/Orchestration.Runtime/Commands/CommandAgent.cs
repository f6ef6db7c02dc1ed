using System;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration;

/// <summary>
/// An agent that runs a command: a build, a test suite, a linter, a script. Declare a subclass with
/// <see cref="AgentTemplateAttribute"/> like any agent (its id and types are checked at build time) and say which
/// command runs for an input in <see cref="Command"/>. The command runs without a shell, with only the environment
/// variables it is allowed, and is killed with every process it started when its timeout passes, the step's timeout
/// passes or the run is cancelled. The command line, its standard output and standard error and its exit code are kept
/// in the step's log in the run record.
/// </summary>
/// <remarks>
/// The output is the <see cref="CommandResult"/> itself when <typeparamref name="TOutput"/> is <see cref="CommandResult"/>,
/// otherwise standard output read as JSON into <typeparamref name="TOutput"/>; override <see cref="Output"/> for anything
/// else. A non-zero exit code fails the step (<see cref="CommandFailedException"/>, with the end of standard error),
/// unless <see cref="Accepts"/> says otherwise.
/// </remarks>
/// <typeparam name="TInput">What the step receives.</typeparam>
/// <typeparam name="TOutput">What the step produces.</typeparam>
public abstract class CommandAgent<TInput, TOutput> : IAgent<TInput, TOutput>
{
    private static readonly JsonSerializerOptions DefaultOptions = ChatAgent<TInput, TOutput>.CreateSerializerOptions();
    private static readonly ConditionalWeakTable<IJsonTypeInfoResolver, JsonSerializerOptions> MetadataOptions = new();

    /// <summary>The command to run for <paramref name="input"/>.</summary>
    /// <param name="input">The step's input.</param>
    /// <param name="context">The step's context (run id, attempt, services).</param>
    /// <returns>The command line.</returns>
    protected abstract CommandLine Command(TInput input, AgentContext context);

    /// <summary>Whether the step accepts how the command ended; by default, exit code 0 only.</summary>
    /// <param name="result">How it ended.</param>
    /// <returns><see langword="true"/> to produce an output, <see langword="false"/> to fail the step.</returns>
    protected virtual bool Accepts(CommandResult result) => result is not null && result.ExitCode == 0;

    /// <summary>
    /// Serializer options that read standard output into <typeparamref name="TOutput"/>; by default the chat agents'
    /// settings over the template's JSON metadata (a source-generated context in trimmed and native AOT applications).
    /// </summary>
    protected virtual JsonSerializerOptions? SerializerOptions => null;

    /// <summary>The step's output from an accepted result.</summary>
    /// <param name="result">How the command ended.</param>
    /// <param name="context">The step's context.</param>
    /// <returns>The output.</returns>
    /// <exception cref="InvalidOperationException">Standard output is not a <typeparamref name="TOutput"/> in JSON.</exception>
    protected virtual TOutput Output(CommandResult result, AgentContext context)
    {
        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        if (result is TOutput same)
        {
            return same;
        }

        var options = SerializerOptions
            ?? (context.Template.JsonMetadata is { } metadata ? MetadataOptions.GetValue(metadata, static m => ChatAgent<TInput, TOutput>.CreateSerializerOptions(m)) : DefaultOptions);
        try
        {
            return (TOutput)JsonSerializer.Deserialize(result.StandardOutput, options.GetTypeInfo(typeof(TOutput)))!;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            var shown = result.StandardOutput.Length > 500 ? result.StandardOutput[..500] + "…" : result.StandardOutput;
            throw new InvalidOperationException(
                $"Agent '{context.Template.Id}': the command's standard output is not a {typeof(TOutput).FullName} in JSON ({ex.Message}). It wrote: {shown}", ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<TOutput> RunAsync(TInput input, AgentContext context, CancellationToken cancellationToken)
    {
        if (context is null)
        {
            throw new ArgumentNullException(nameof(context));
        }

        var command = Command(input, context) ?? throw new InvalidOperationException($"Agent '{context.Template.Id}' returned no command to run.");
        context.Log("command", command.ToString());
        CommandResult result;
        try
        {
            result = await CommandRunner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            context.Log("error", ex.Message);
            throw;
        }

        context.Log("stdout", result.StandardOutput);
        context.Log("stderr", result.StandardError);
        context.Log("exit", $"exit code {result.ExitCode} after {result.Duration.TotalSeconds:0.000} s");
        if (!Accepts(result))
        {
            throw new CommandFailedException(command, result);
        }

        return Output(result, context);
    }
}
