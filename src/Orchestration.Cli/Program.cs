using System.Threading.Tasks;
using Orchestration.Commands;

namespace Orchestration.Cli;

/// <summary>
/// The <c>orchestrate</c> tool: the record commands (<c>list</c>, <c>show</c>, <c>report</c>, <c>tail</c>,
/// <c>dashboard</c>) over a run store: a file store (<c>--root</c>) or the PostgreSQL store (<c>--connection</c>). It has no application's workflows, so running, resuming and answering them is the
/// application's own executable's job (<see cref="OrchestrationCommands.InvokeAsync(string[], System.IServiceProvider, System.Threading.CancellationToken)"/>).
/// </summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>One of <see cref="OrchestrationExitCodes"/>.</returns>
    public static Task<int> Main(string[] args) =>
        OrchestrationCommands.InvokeRecordCommandsAsync(args, new OrchestrationCommandOptions
        {
            CommandName = "orchestrate",
            StoreFromConnection = static connection => new Orchestration.PostgreSql.PostgreSqlRunStore(connection),
        });
}
