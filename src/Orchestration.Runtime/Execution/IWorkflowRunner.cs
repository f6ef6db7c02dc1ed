using System.Threading;
using System.Threading.Tasks;

namespace Orchestration;

/// <summary>Runs one workflow; generated for every workflow and registered in dependency injection.</summary>
public interface IWorkflowRunner
{
    /// <summary>The workflow this runner runs.</summary>
    WorkflowDefinition Definition { get; }

    /// <summary>Runs the workflow with an input whose type is only known at run time.</summary>
    /// <exception cref="System.ArgumentException">The input is not of the workflow's input type.</exception>
    ValueTask<WorkflowResult> RunUntypedAsync(object? input, WorkflowRunOptions? options = null, CancellationToken cancellationToken = default);
}

/// <summary>Runs one workflow with a typed input and output.</summary>
/// <typeparam name="TInput">The workflow's input type.</typeparam>
/// <typeparam name="TOutput">The workflow's output type.</typeparam>
public interface IWorkflowRunner<TInput, TOutput> : IWorkflowRunner
{
    /// <summary>Runs the workflow.</summary>
    /// <param name="input">The workflow's input.</param>
    /// <param name="options">Run options.</param>
    /// <param name="cancellationToken">Cancels the run; every running agent sees it.</param>
    ValueTask<WorkflowResult<TOutput>> RunAsync(TInput input, WorkflowRunOptions? options = null, CancellationToken cancellationToken = default);
}
