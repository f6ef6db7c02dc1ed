using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration;

/// <summary>A step of the dynamic path, resolved against the registries and bound to a run.</summary>
public sealed class ExecutableStep
{
    private readonly Func<object?, CancellationToken, ValueTask<StepResult>> _run;

    private ExecutableStep(int index, WorkflowStep step, Type? inputType, Type? outputType, Func<object?, CancellationToken, ValueTask<StepResult>> run)
    {
        Index = index;
        Step = step;
        InputType = inputType;
        OutputType = outputType;
        _run = run;
    }

    /// <summary>The step's 1-based position.</summary>
    public int Index { get; }

    /// <summary>The step as declared.</summary>
    public WorkflowStep Step { get; }

    /// <summary>The type the step accepts, when known.</summary>
    public Type? InputType { get; }

    /// <summary>The type the step produces, when known.</summary>
    public Type? OutputType { get; }

    /// <summary>Runs the step; failures are in the result, not thrown.</summary>
    public ValueTask<StepResult> RunAsync(object? input, CancellationToken cancellationToken) => _run(input, cancellationToken);

    /// <summary>Resolves <paramref name="step"/> against the run's registry.</summary>
    /// <exception cref="OrchestrationLookupException">The step names an unknown template or workflow.</exception>
    public static ExecutableStep Resolve(WorkflowRun run, WorkflowStep step, int index)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        if (step is null)
        {
            throw new ArgumentNullException(nameof(step));
        }

        if (step.Kind == StepKind.Agent)
        {
            var template = run.Registry.Templates.Get(step.TargetId);
            return new ExecutableStep(index, step, template.InputType, template.OutputType,
                (input, token) => template.RunUntypedAsync(run, index, input, token));
        }

        var workflow = run.Registry.Workflows.Get(step.TargetId);
        return new ExecutableStep(index, step, workflow.InputType, workflow.OutputType,
            (input, token) => run.RunWorkflowUntypedAsync(index, workflow, input, token));
    }
}
