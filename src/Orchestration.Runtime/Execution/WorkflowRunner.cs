using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration;

/// <summary>
/// Runs one workflow with the services it was created with. Generated workflows derive a <c>Runner</c> from it, which
/// <c>AddOrchestration()</c> registers in dependency injection.
/// </summary>
/// <typeparam name="TInput">The workflow's input type.</typeparam>
/// <typeparam name="TOutput">The workflow's output type.</typeparam>
public class WorkflowRunner<TInput, TOutput> : IWorkflowRunner<TInput, TOutput>
{
    private readonly WorkflowDefinition<TInput, TOutput> _definition;
    private readonly IServiceProvider _services;

    /// <summary>Creates a runner for <paramref name="definition"/> over <paramref name="services"/>.</summary>
    public WorkflowRunner(WorkflowDefinition<TInput, TOutput> definition, IServiceProvider services)
    {
        _definition = definition ?? throw new ArgumentNullException(nameof(definition));
        _services = services ?? throw new ArgumentNullException(nameof(services));
    }

    /// <inheritdoc />
    public WorkflowDefinition Definition => _definition;

    /// <inheritdoc />
    public ValueTask<WorkflowResult<TOutput>> RunAsync(TInput input, WorkflowRunOptions? options = null, CancellationToken cancellationToken = default) =>
        WorkflowRun.RunAsync(_definition, input, _services, options, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<WorkflowResult> RunUntypedAsync(object? input, WorkflowRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (input is not TInput typed && !(input is null && default(TInput) is null))
        {
            throw new ArgumentException(
                $"Workflow '{_definition.Id}' takes {typeof(TInput).FullName} but was given {input?.GetType().FullName ?? "null"}.",
                nameof(input));
        }

        return await RunAsync((TInput)input!, options, cancellationToken).ConfigureAwait(false);
    }
}
