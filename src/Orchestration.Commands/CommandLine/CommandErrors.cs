using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Orchestration.Records;
using Spectre.Console;

namespace Orchestration.Commands.CommandLine;

/// <summary>
/// What a command does when what it was asked cannot be done: one line on the error console, <c>error:</c> and the
/// reason as the runtime or the command stated it, and <see cref="OrchestrationExitCodes.Error"/>. Anything else is a
/// defect and keeps its stack trace.
/// </summary>
internal static class CommandErrors
{
    public static Task<int> Guard(CommandContext context, Func<int> command) => GuardAsync(context, () => Task.FromResult(command()));

    public static async Task<int> GuardAsync(CommandContext context, Func<Task<int>> command)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            context.Error.MarkupLineInterpolated($"[red]error:[/] {Message(ex)}");
            return OrchestrationExitCodes.Error;
        }
    }

    /// <summary>
    /// The message without .NET's <c> (Parameter 'runId')</c> suffix: it names a parameter of a method the user never
    /// called.
    /// </summary>
    public static string Message(Exception ex)
    {
        if (ex is ArgumentException { ParamName: { } parameter } && ex.Message.EndsWith($" (Parameter '{parameter}')", StringComparison.Ordinal))
        {
            return ex.Message[..^$" (Parameter '{parameter}')".Length];
        }

        return ex.Message;
    }

    // Unknown workflows and runs, invalid ids, refused responses and resumes, damaged or newer-format records, store and
    // file failures, JSON that does not parse: what the runtime throws for what a user gave it.
    private static bool IsUserError(Exception ex) =>
        ex is CommandException or KeyNotFoundException or ArgumentException or InvalidOperationException or InvalidDataException
            or IOException or UnauthorizedAccessException or RunStoreException or JsonException;
}
