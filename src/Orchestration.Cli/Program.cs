using System.Threading.Tasks;
using Spectre.Console;

namespace Orchestration.Cli;

/// <summary>The <c>orchestrate</c> command's entry point.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>0 on success, 1 when a run could not be read or found, 2 for bad usage.</returns>
    public static Task<int> Main(string[] args) => OrchestrateCommand.InvokeAsync(args, AnsiConsole.Console);
}
