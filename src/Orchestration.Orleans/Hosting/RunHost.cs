using System;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Records;

namespace Orchestration.Orleans;

/// <summary>
/// What a silo's run grains share: the application's workflows (its generated registry), the run store, the services
/// agents come from, and the options of the runs they execute.
/// </summary>
internal sealed class RunHost
{
    private readonly Lazy<OrchestrationRegistry> _registry;

    public RunHost(IServiceProvider services, OrchestrationWorkerOptions options, IRunStore store)
    {
        Services = services;
        Options = options;
        Store = store;
        _registry = new Lazy<OrchestrationRegistry>(() => services.GetService<OrchestrationRegistry>() ?? throw new InvalidOperationException(
            "The Orchestration workers have no workflows to run: call the generated services.AddOrchestration() on the silo's services (it registers the application's workflows and agents)."));
    }

    public IServiceProvider Services { get; }

    public OrchestrationWorkerOptions Options { get; }

    public IRunStore Store { get; }

    public OrchestrationRegistry Registry => _registry.Value;

    /// <summary>How inputs, responses and outputs are read and written: the runs' record serializer.</summary>
    public JsonSerializerOptions Json => Options.RunOptions.RecordSerializer ?? Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions;

    /// <summary>This silo's definition of <paramref name="workflowId"/>, checked against the caller's fingerprint.</summary>
    /// <exception cref="InvalidOperationException">This application has no such workflow, or another definition of it.</exception>
    public WorkflowDefinition Workflow(string workflowId, string? fingerprint)
    {
        if (!Registry.Workflows.TryGet(workflowId, out var definition))
        {
            throw new InvalidOperationException(
                $"This silo has no workflow '{workflowId}'. Every silo must run the application that declares the workflows its clients start: deploy the same application to all of them.");
        }

        if (fingerprint is not null && definition.Fingerprint != fingerprint)
        {
            throw new InvalidOperationException(
                $"This silo's workflow '{workflowId}' differs from the caller's (fingerprint {definition.Fingerprint} here, {fingerprint} there): the client and the silos run different versions of the application. Deploy the same version to both.");
        }

        return definition;
    }

    /// <summary>Creates run <paramref name="runId"/> of <paramref name="workflowId"/> in <paramref name="store"/> and runs it to its end or first wait.</summary>
    public async Task<WorkflowResult> StartAsync(string workflowId, object? input, string runId, IRunStore store) =>
        await Registry.RunAsync(workflowId, input, Services, RunOptions(runId, store)).ConfigureAwait(false);

    /// <summary>Records a response to run <paramref name="runId"/> and continues it to its end or next wait.</summary>
    public Task<WorkflowResult> RespondAsync(WorkflowDefinition workflow, string runId, string? requestId, string responseJson, IRunStore store) =>
        WorkflowRun.RespondWithJsonAsync(workflow, runId, responseJson, Services, RunOptions(null, store), requestId).AsTask();

    /// <summary>Continues run <paramref name="runId"/> after its writer died, or when its timer or deadline is due.</summary>
    public Task<WorkflowResult> RecoverAsync(WorkflowDefinition workflow, string runId, IRunStore store) =>
        WorkflowRun.RecoverAsync(workflow, runId, Services, RunOptions(null, store)).AsTask();

    /// <summary>Options for one execution of run <paramref name="runId"/>, recorded through <paramref name="store"/>.</summary>
    public WorkflowRunOptions RunOptions(string? runId, IRunStore store)
    {
        var template = Options.RunOptions;
        return new WorkflowRunOptions
        {
            RunId = runId,
            Store = store,
            Timeout = template.Timeout,
            FailurePolicy = template.FailurePolicy,
            MaxDegreeOfParallelism = template.MaxDegreeOfParallelism,
            Progress = template.Progress,
            RecordSerializer = template.RecordSerializer,
        };
    }
}
