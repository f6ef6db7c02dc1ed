using System;
using System.IO;
using Spectre.Console;

namespace Orchestration.Commands.Terminal;

/// <summary>
/// The consoles the commands write to when the application gives none: standard output and standard error, as terminals
/// or, redirected to a file or a pipe, as plain text.
/// </summary>
internal static class TerminalConsoles
{
    public static IAnsiConsole StandardOutput() => Create(Console.Out, Console.IsOutputRedirected);

    public static IAnsiConsole StandardError() => Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>
    /// A console over <paramref name="writer"/>. On a terminal, Spectre's detection (colours, width, interaction).
    /// Redirected, plain: Spectre would otherwise write escape codes whenever <c>TERM</c> is set, and wrap tables at 80
    /// columns, cutting run ids across lines that scripts then cannot match.
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        if (!redirected)
        {
            return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });

        // No line is wrapped: a table is as wide as its widest row, a message as long as it is.
        console.Profile.Width = int.MaxValue;
        return console;
    }
}
