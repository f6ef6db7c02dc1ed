using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestration.Commands.Terminal;
using Orchestration.Commands.Workflows;
using Orchestration.Records;
using Spectre.Console;

namespace Orchestration.Commands.CommandLine;

/// <summary>What every command of one invocation shares: its name, consoles, store, and the application's workflows.</summary>
internal sealed class CommandContext
{
    private readonly OrchestrationCommandOptions _options;
    private readonly IServiceProvider? _services;
    private OrchestrationRegistry? _registry;

    public CommandContext(OrchestrationCommandOptions options, IServiceProvider? services)
    {
        _options = options;
        _services = services;
        Name = string.IsNullOrWhiteSpace(options.CommandName) ? RootCommand.ExecutableName : options.CommandName;
        Out = options.Console ?? TerminalConsoles.StandardOutput();
        Error = options.ErrorConsole ?? options.Console ?? TerminalConsoles.StandardError();
        Input = options.Input ?? Console.In;
        if (options.Store is null)
        {
            RootOption = new Option<string>("--root")
            {
                Description = "The run store's directory (a FileRunStore root).",
                DefaultValueFactory = _ => options.StoreRoot,
                Recursive = true,
            };
            if (options.StoreFromConnection is not null)
            {
                ConnectionOption = new Option<string?>("--connection")
                {
                    Description = "A connection string to a shared run store (PostgreSQL: Host=...;Database=...;Username=...), instead of --root.",
                    Recursive = true,
                };
            }
        }
    }

    /// <summary><c>--connection</c>, when the commands can open a store from a connection string.</summary>
    public Option<string?>? ConnectionOption { get; }

    /// <summary>The commands' name, as the user types it.</summary>
    public string Name { get; }

    /// <summary>Results, tables and reports.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Errors, progress and what a run waits for.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>What <c>--input -</c> reads.</summary>
    public TextReader Input { get; }

    /// <summary><c>--root</c>, unless the application gave its own store.</summary>
    public Option<string>? RootOption { get; }

    /// <summary>What inputs, responses and outputs are read and written with: the application's record serializer, as runs use it.</summary>
    public JsonSerializerOptions RecordSerializer => (_options.RunOptions ?? WorkflowRunOptions.Default).EffectiveRecordSerializer;

    /// <summary>Whether the commands run inside an application, with its workflows (not a records-only tool).</summary>
    public bool HasWorkflows => _services is not null;

    /// <summary>The application's services (agents, request classes).</summary>
    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The record commands have no application services.");

    /// <summary>
    /// The application's workflows. Resolving the registry registers them, which checks each workflow's graph; a workflow
    /// that does not check out is reported here, as registration states it.
    /// </summary>
    public OrchestrationRegistry Registry => _registry ??= ResolveRegistry();

    /// <summary>
    /// The store the command reads or records in. <paramref name="mustExist"/>: the command reads runs, so a
    /// <c>--root</c> that does not exist is an error (naming it), not an empty store.
    /// </summary>
    public OpenedStore OpenStore(ParseResult result, bool mustExist)
    {
        if (_options.Store is { } given)
        {
            return new OpenedStore(given, given is FileRunStore files ? files.Root : given.GetType().Name, owned: false);
        }

        if (ConnectionOption is not null && result.GetValue(ConnectionOption) is { Length: > 0 } connection)
        {
            var shared = _options.StoreFromConnection!(connection);
            return new OpenedStore(shared, shared.GetType().Name, owned: true);
        }

        var store = new FileRunStore(result.GetValue(RootOption!)!);
        if (mustExist && !Directory.Exists(store.Root))
        {
            throw new CommandException(
                $"No run store at {store.Root}: the directory does not exist. Pass --root with the directory the runs were recorded in " +
                "(the root given to FileRunStore; .orchestrate in the application's working directory by default).");
        }

        return new OpenedStore(store, store.Root, owned: true);
    }

    /// <summary>The <c>run-id</c> argument of the commands that take one.</summary>
    public Argument<string> RunIdArgument() => new("run-id") { Description = $"The run's id (see `{Name} list`)." };

    /// <summary>Writes <paramref name="text"/> to <see cref="Out"/> as it is: JSON and reports are never wrapped or marked up.</summary>
    public void WriteOut(string text) => Out.Profile.Out.Writer.Write(text);

    /// <summary>Options for a run the commands start or continue in <paramref name="store"/>: the application's, with the commands' progress.</summary>
    public WorkflowRunOptions RunOptions(IRunStore store, string? runId) => RunOptions(store, runId, out _);

    /// <inheritdoc cref="RunOptions(IRunStore, string?)"/>
    public WorkflowRunOptions RunOptions(IRunStore store, string? runId, out StepProgress progress)
    {
        var template = _options.RunOptions ?? WorkflowRunOptions.Default;
        progress = new StepProgress(Error, template.Progress);
        return template with { RunId = runId, Store = store, Progress = progress };
    }

    private OrchestrationRegistry ResolveRegistry()
    {
        object? registry;
        try
        {
            registry = Services.GetService(typeof(OrchestrationRegistry));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // What WorkflowRegistry.Register throws: a graph that does not check out, or an id registered twice.
            throw new CommandException($"The application's workflows could not be registered: {CommandErrors.Message(ex)}");
        }

        return registry as OrchestrationRegistry ?? throw new CommandException(
            "The application's services have no OrchestrationRegistry: call services.AddOrchestration() (generated for the application's workflows) before building the service provider.");
    }
}
