using System;

namespace Orchestration;

/// <summary>A command could not start, or ended with an exit code its caller does not accept.</summary>
public sealed class CommandFailedException : Exception
{
    private const int StandardErrorShown = 2000;

    /// <summary>Creates the exception for a command that ended with an exit code its caller does not accept.</summary>
    /// <param name="command">The command.</param>
    /// <param name="result">How it ended.</param>
    public CommandFailedException(CommandLine command, CommandResult result)
        : base(Describe(command, result))
    {
        Command = command;
        Result = result;
    }

    /// <summary>Creates the exception for a command that could not start.</summary>
    /// <param name="command">The command.</param>
    /// <param name="message">Why, and what to do.</param>
    /// <param name="innerException">The operating system's error.</param>
    public CommandFailedException(CommandLine command, string message, Exception? innerException)
        : base(message, innerException)
    {
        Command = command;
    }

    /// <summary>The command.</summary>
    public CommandLine Command { get; }

    /// <summary>How it ended; <see langword="null"/> when it could not start.</summary>
    public CommandResult? Result { get; }

    private static string Describe(CommandLine command, CommandResult result)
    {
        var error = result.StandardError.Trim();
        if (error.Length > StandardErrorShown)
        {
            error = "…" + error[^StandardErrorShown..];
        }

        return $"Command '{command}' exited with code {result.ExitCode} after {result.Duration.TotalSeconds:0.0} s" +
            (error.Length == 0 ? " and wrote nothing to standard error." : ". Standard error:\n" + error);
    }
}
