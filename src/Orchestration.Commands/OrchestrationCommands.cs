using System;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Commands.CommandLine;

namespace Orchestration.Commands;

/// <summary>
/// The commands an application's own executable gets over its generated workflows and their run records:
/// <c>workflows</c>, <c>validate</c>, <c>run</c>, <c>resume</c> and <c>respond</c>, then <c>list</c>, <c>show</c>,
/// <c>report</c>, <c>tail</c> and <c>dashboard</c> (the record commands, shared with the <c>orchestrate</c> tool).
/// </summary>
/// <example>
/// <code>
/// using var services = new ServiceCollection().AddOrchestration().BuildServiceProvider();
/// return await OrchestrationCommands.InvokeAsync(args, services);
/// </code>
/// </example>
public static class OrchestrationCommands
{
    /// <summary>Parses <paramref name="args"/> and runs the command over the workflows in <paramref name="services"/>, with the default options.</summary>
    /// <param name="args">The command line, without the program's name.</param>
    /// <param name="services">
    /// The application's services: the <see cref="OrchestrationRegistry"/> (which the generated <c>AddOrchestration()</c>
    /// registers, with every workflow) and whatever the agents need.
    /// </param>
    /// <param name="cancellationToken">Stops a command that runs or waits; Ctrl+C does too.</param>
    /// <returns>One of <see cref="OrchestrationExitCodes"/>.</returns>
    public static Task<int> InvokeAsync(string[] args, IServiceProvider services, CancellationToken cancellationToken = default) =>
        InvokeAsync(args, services, new OrchestrationCommandOptions(), cancellationToken);

    /// <summary>Parses <paramref name="args"/> and runs the command over the workflows in <paramref name="services"/>.</summary>
    /// <param name="args">The command line, without the program's name.</param>
    /// <param name="services">
    /// The application's services: the <see cref="OrchestrationRegistry"/> (which the generated <c>AddOrchestration()</c>
    /// registers, with every workflow) and whatever the agents need.
    /// </param>
    /// <param name="options">The commands' name, store, run options and consoles.</param>
    /// <param name="cancellationToken">Stops a command that runs or waits; Ctrl+C does too.</param>
    /// <returns>One of <see cref="OrchestrationExitCodes"/>.</returns>
    public static Task<int> InvokeAsync(string[] args, IServiceProvider services, OrchestrationCommandOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var context = new CommandContext(options, services);
        return CommandTree.InvokeAsync(CommandTree.ForApplication(context), args, context, cancellationToken);
    }

    /// <summary>
    /// Parses <paramref name="args"/> and runs one of the record commands only (<c>list</c>, <c>show</c>, <c>report</c>,
    /// <c>tail</c>, <c>dashboard</c>): what a tool without the application's workflows, such as <c>orchestrate</c>, can do.
    /// </summary>
    /// <param name="args">The command line, without the program's name.</param>
    /// <param name="options">The commands' name, store and consoles (<see cref="OrchestrationCommandOptions.RunOptions"/> is not used).</param>
    /// <param name="cancellationToken">Stops a command that waits (<c>tail</c>, <c>dashboard</c>); Ctrl+C does too.</param>
    /// <returns>One of <see cref="OrchestrationExitCodes"/>.</returns>
    public static Task<int> InvokeRecordCommandsAsync(string[] args, OrchestrationCommandOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(options);
        var context = new CommandContext(options, services: null);
        return CommandTree.InvokeAsync(CommandTree.ForRecords(context), args, context, cancellationToken);
    }
}
