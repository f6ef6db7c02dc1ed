using System.IO;
using System.Text;
using Spectre.Console;

namespace Orchestration.Commands.CommandLine;

/// <summary>Routes System.CommandLine's help and parse errors to the commands' consoles.</summary>
internal sealed class ConsoleTextWriter(IAnsiConsole console) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => console.Profile.Out.Writer.Write(value);

    public override void Write(string? value) => console.Profile.Out.Writer.Write(value);
}
