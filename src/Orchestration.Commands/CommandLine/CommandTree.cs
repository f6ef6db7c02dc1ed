using System.CommandLine;
using System.Linq;
using System.CommandLine.Help;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Commands.Records;
using Orchestration.Commands.Workflows;

namespace Orchestration.Commands.CommandLine;

/// <summary>The two command trees (an application's, a records-only tool's) and how a command line is run through one.</summary>
internal static class CommandTree
{
    public static Command ForApplication(CommandContext context)
    {
        var root = Root(context, $"The workflows of {context.Name} and the runs they recorded: list, validate, run, resume and answer the workflows; list, show, report and follow the runs, or serve a dashboard of them.");
        root.Add(WorkflowsCommand.Create(context));
        root.Add(ValidateCommand.Create(context));
        root.Add(RunCommand.Create(context));
        root.Add(ResumeCommand.Create(context));
        root.Add(RespondCommand.Create(context));
        AddRecordCommands(root, context);
        return root;
    }

    public static Command ForRecords(CommandContext context)
    {
        var root = Root(context, "Lists, shows, reports and follows the runs an Orchestration run store recorded, and serves a dashboard of them. " +
            "Running, resuming and answering workflows needs the application's workflows: the application's own executable does it (OrchestrationCommands.InvokeAsync).");
        AddRecordCommands(root, context);
        return root;
    }

    /// <summary>Runs <paramref name="args"/> through <paramref name="root"/>; a command line that does not parse exits with <see cref="OrchestrationExitCodes.Usage"/>.</summary>
    public static async Task<int> InvokeAsync(Command root, string[] args, CommandContext context, CancellationToken cancellationToken)
    {
        var parsed = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = new ConsoleTextWriter(context.Out), Error = new ConsoleTextWriter(context.Error) };
        var code = await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        return parsed.Errors.Count > 0 ? OrchestrationExitCodes.Usage : code;
    }

    // A plain command rather than RootCommand, whose name is always the process's (Orchestration.Cli under `dotnet`). A
    // name with spaces (`dotnet run --project app --`) serves the hints; usage lines, which take one word, use the
    // executable's name then.
    private static Command Root(CommandContext context, string description)
    {
        var name = context.Name.Any(char.IsWhiteSpace) ? RootCommand.ExecutableName : context.Name;
        var root = new Command(name, description) { new HelpOption(), new VersionOption() };
        if (context.RootOption is { } option)
        {
            root.Add(option);
        }

        if (context.ConnectionOption is { } connection)
        {
            root.Add(connection);
        }

        return root;
    }

    private static void AddRecordCommands(Command root, CommandContext context)
    {
        root.Add(ListCommand.Create(context));
        root.Add(ShowCommand.Create(context));
        root.Add(ReportCommand.Create(context));
        root.Add(TailCommand.Create(context));
        root.Add(DashboardCommand.Create(context));
    }
}
