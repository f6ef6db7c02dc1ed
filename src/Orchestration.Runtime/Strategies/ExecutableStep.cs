using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Strategies;

/// <summary>A step of the dynamic path, resolved against the registries and bound to a run.</summary>
public sealed class ExecutableStep
{
    private readonly Func<object?, object?, CancellationToken, ValueTask<StepResult>> _run;

    private ExecutableStep(int index, WorkflowStep step, Type? inputType, Type? outputType, Func<object?, object?, CancellationToken, ValueTask<StepResult>> run)
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
    public ValueTask<StepResult> RunAsync(object? input, CancellationToken cancellationToken) => _run(input, null, cancellationToken);

    /// <summary>Runs the step with <paramref name="handoff"/> in its agent's context (ignored by workflow steps).</summary>
    public ValueTask<StepResult> RunAsync(object? input, object? handoff, CancellationToken cancellationToken) => _run(input, handoff, cancellationToken);

    /// <summary>An agent step bound to <paramref name="run"/>; used by generated runners of user strategies.</summary>
    public static ExecutableStep ForAgent(WorkflowRun run, int index, AgentTemplate template)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        if (template is null)
        {
            throw new ArgumentNullException(nameof(template));
        }

        return new ExecutableStep(index, WorkflowStep.Agent(template.Id), template.InputType, template.OutputType,
            (input, handoff, token) => template.RunUntypedAsync(run, index, input, handoff, token));
    }

    /// <summary>A nested-workflow step bound to <paramref name="run"/>; used by generated runners of user strategies.</summary>
    public static ExecutableStep ForWorkflow(WorkflowRun run, int index, WorkflowDefinition workflow)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        if (workflow is null)
        {
            throw new ArgumentNullException(nameof(workflow));
        }

        return new ExecutableStep(index, WorkflowStep.Workflow(workflow.Id), workflow.InputType, workflow.OutputType,
            (input, _, token) => run.RunWorkflowUntypedAsync(index, workflow, input, token));
    }

    /// <summary>A wait for <paramref name="request"/> bound to <paramref name="run"/>.</summary>
    public static ExecutableStep ForWait(WorkflowRun run, int index, InputRequestDefinition request)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        return new ExecutableStep(index, WorkflowStep.Await(request), request.RequestType, request.AnsweredType,
            (input, _, token) => request.AwaitUntypedAsync(run, index, input, token));
    }

    /// <summary>A delay bound to <paramref name="run"/>: fixed (<see cref="WorkflowStep.Delay"/>) or computed (<see cref="WorkflowStep.Until"/>).</summary>
    /// <exception cref="ArgumentException">The step is not a delay, or a computed delay has no function to compute it.</exception>
    public static ExecutableStep ForTimer(WorkflowRun run, int index, WorkflowStep step)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        if (step is null)
        {
            throw new ArgumentNullException(nameof(step));
        }

        if (step.Delay is { } delay)
        {
            return new ExecutableStep(index, step, null, null, async (input, _, token) => await run.DelayAsync(index, delay, input, token).ConfigureAwait(false));
        }

        var until = step.Until ?? throw new ArgumentException($"Step {index} is not a delay with a duration or a function computing its time.", nameof(step));
        return new ExecutableStep(index, step, null, null, async (input, _, token) => await run.DelayUntilAsync(index, input, until, token).ConfigureAwait(false));
    }

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

        // The declared step is kept (not rebuilt from the id), so that its condition travels with it.
        var resolved = step.Kind switch
        {
            StepKind.Agent => ForAgent(run, index, run.Registry.Templates.Get(step.TargetId)),
            StepKind.Workflow => ForWorkflow(run, index, run.Registry.Workflows.Get(step.TargetId)),
            StepKind.Wait => ForWait(run, index, step.Request!),
            _ => ForTimer(run, index, step),
        };
        return new ExecutableStep(index, step, resolved.InputType, resolved.OutputType, resolved._run);
    }
}
