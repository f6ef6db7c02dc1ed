using System.IO;
using Orchestration.Records;
using Spectre.Console;

namespace Orchestration.Commands;

/// <summary>How <see cref="OrchestrationCommands"/> runs: its name, where runs are recorded, how they run, where it writes.</summary>
public sealed class OrchestrationCommandOptions
{
    /// <summary>
    /// The name the commands go by in usage lines and hints such as <c>myapp respond &lt;run id&gt;</c>. Defaults to the
    /// name the process was started with (the application's executable, or its assembly under <c>dotnet</c>). A name with
    /// spaces, such as <c>dotnet run --project app --</c>, is used in hints; usage lines then use the executable's name.
    /// </summary>
    public string? CommandName { get; init; }

    /// <summary>The default of <c>--root</c>: the <see cref="FileRunStore"/> root the commands read and record runs in. <c>.orchestrate</c> unless set.</summary>
    public string StoreRoot { get; init; } = ".orchestrate";

    /// <summary>
    /// The store to read and record runs in, when the application has its own (for example one it also gives its workflows).
    /// When set, the commands have no <c>--root</c> option and never dispose the store; otherwise they open a
    /// <see cref="FileRunStore"/> at <c>--root</c> for each command.
    /// </summary>
    public IRunStore? Store { get; init; }

    /// <summary>
    /// What runs started, resumed or answered by the commands run with: <see cref="WorkflowRunOptions.RecordSerializer"/>
    /// (also what inputs and responses are read with, and outputs written with), <see cref="WorkflowRunOptions.Timeout"/>,
    /// <see cref="WorkflowRunOptions.FailurePolicy"/>, <see cref="WorkflowRunOptions.MaxDegreeOfParallelism"/> and
    /// <see cref="WorkflowRunOptions.Progress"/> (told after the commands' own progress). Its <see cref="WorkflowRunOptions.RunId"/>
    /// and <see cref="WorkflowRunOptions.Store"/> are not used: the run id comes from <c>run --run-id</c>, the store from
    /// <see cref="Store"/> or <c>--root</c>.
    /// </summary>
    public WorkflowRunOptions? RunOptions { get; init; }

    /// <summary>
    /// Where results, tables and reports go. Defaults to standard output: with colours on a terminal, and plain (no escape
    /// codes, lines never wrapped) when it is redirected to a file or a pipe.
    /// </summary>
    public IAnsiConsole? Console { get; init; }

    /// <summary>
    /// Where errors, progress and what a run waits for go. Defaults to <see cref="Console"/> when that is set, otherwise to
    /// standard error (plain when redirected, like <see cref="Console"/>).
    /// </summary>
    public IAnsiConsole? ErrorConsole { get; init; }

    /// <summary>
    /// Opens a store from a connection string. When set (and <see cref="Store"/> is not), the commands take
    /// <c>--connection &lt;string&gt;</c> besides <c>--root</c>, for a shared store: the <c>orchestrate</c> tool passes
    /// <c>connection =&gt; new PostgreSqlRunStore(connection)</c>. The commands dispose the stores it opens.
    /// </summary>
    public System.Func<string, IRunStore>? StoreFromConnection { get; init; }

    /// <summary>What <c>--input -</c> reads. Defaults to standard input.</summary>
    public TextReader? Input { get; init; }
}
