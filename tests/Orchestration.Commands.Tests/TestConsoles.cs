using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Spectre.Console;

namespace Orchestration.Commands.Tests;

/// <summary>Recording consoles, and reading a URL a long-running command prints.</summary>
internal static class TestConsoles
{
    /// <summary>A plain console, wide enough that nothing the tests match is wrapped.</summary>
    public static IAnsiConsole Plain(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 250;
        return console;
    }

    public static async Task<string> UrlPrintedBy(SharedWriter output, Task<int> command)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Regex.Match(output.ToString(), @"^http://\S+$", RegexOptions.Multiline) is { Success: true } url)
            {
                return url.Value;
            }

            Assert.False(command.IsCompleted, "the dashboard command ended without printing a URL: " + output);
            await Task.Delay(50);
        }

        throw new TimeoutException("the dashboard command printed no URL within 30 s: " + output);
    }

    /// <summary>A writer the command writes to while the test reads it.</summary>
    public sealed class SharedWriter : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}
