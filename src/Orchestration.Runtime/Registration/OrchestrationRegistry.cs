using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration;

/// <summary>
/// The run-time registries: strategies by name, templates by id, workflows by id. An ordinary instance (no global
/// state): build one alone in a test, or get the one <c>services.AddOrchestration()</c> fills with every generated
/// declaration. Built-in strategies are registered when it is created. Thread-safe.
/// </summary>
public sealed class OrchestrationRegistry
{
    internal readonly object Gate = new();

    /// <summary>Creates a registry holding only the built-in strategies.</summary>
    public OrchestrationRegistry()
    {
        Strategies = new StrategyRegistry(this);
        Templates = new TemplateRegistry(this);
        Workflows = new WorkflowRegistry(this);
    }

    /// <summary>Strategies by name.</summary>
    public StrategyRegistry Strategies { get; }

    /// <summary>Agent templates by id.</summary>
    public TemplateRegistry Templates { get; }

    /// <summary>Workflows by id.</summary>
    public WorkflowRegistry Workflows { get; }

    /// <summary>Runs the workflow <paramref name="workflowId"/>, resolved at run time (the dynamic path).</summary>
    /// <param name="workflowId">The workflow id.</param>
    /// <param name="input">The input; must be of the workflow's input type.</param>
    /// <param name="services">Where agents come from; an empty provider when <see langword="null"/>.</param>
    /// <param name="options">Run options.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="OrchestrationLookupException">No workflow has that id.</exception>
    /// <exception cref="ArgumentException">The input is not of the workflow's input type.</exception>
    public ValueTask<WorkflowResult<object?>> RunAsync(
        string workflowId,
        object? input,
        IServiceProvider? services = null,
        WorkflowRunOptions? options = null,
        CancellationToken cancellationToken = default) =>
        WorkflowRun.RunUntypedAsync(this, Workflows.Get(workflowId), input, services, options, cancellationToken);

    /// <summary>
    /// Runs a pattern over templates named at run time, like django-cfg's <c>execute(pattern, agents, prompt)</c>: an
    /// ad-hoc workflow of <paramref name="strategy"/> over <paramref name="templateIds"/>, checked against the registries
    /// exactly as a registered workflow would be (names, step count, how types line up) before anything runs. It is not
    /// registered.
    /// </summary>
    /// <param name="strategy">The strategy name.</param>
    /// <param name="templateIds">The templates, as steps, in order.</param>
    /// <param name="input">The input; must be of the first step's input type.</param>
    /// <param name="services">Where agents come from; an empty provider when <see langword="null"/>.</param>
    /// <param name="options">Run options.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ArgumentException">
    /// An unknown strategy or template (the message lists the available names and the closest match), the wrong number
    /// of steps for the strategy, steps whose types do not line up, or an input of the wrong type.
    /// </exception>
    public ValueTask<WorkflowResult<object?>> ExecuteAsync(
        string strategy,
        IEnumerable<string> templateIds,
        object? input,
        IServiceProvider? services = null,
        WorkflowRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (templateIds is null)
        {
            throw new ArgumentNullException(nameof(templateIds));
        }

        var ids = templateIds.ToArray();
        var workflow = new WorkflowDefinition($"adhoc_{strategy}", strategy, ids.Select(WorkflowStep.Agent));
        Workflows.Check(workflow);
        return WorkflowRun.RunUntypedAsync(this, workflow, input, services, options, cancellationToken);
    }
}
