using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>
/// A workflow: id, strategy, ordered steps, description and nesting limit. The generator emits one
/// (<see cref="WorkflowDefinition{TInput, TOutput}"/>) per <see cref="WorkflowAttribute"/>; create one directly to
/// register a workflow at run time, where its strategy executes it through the registries.
/// </summary>
public class WorkflowDefinition
{
    /// <summary>Creates and validates a definition.</summary>
    /// <param name="id">The workflow id.</param>
    /// <param name="strategy">The strategy name.</param>
    /// <param name="steps">The steps, in order; at least one.</param>
    /// <param name="description">What the workflow does.</param>
    /// <param name="maxDepth">How many levels of workflow references may stack below this workflow (at least 1).</param>
    /// <exception cref="ArgumentException">A value is invalid; the message names the workflow and the value.</exception>
    public WorkflowDefinition(
        string id,
        string strategy,
        IEnumerable<WorkflowStep> steps,
        string? description = null,
        int maxDepth = WorkflowAttribute.DefaultMaxDepth)
        : this(id, strategy, steps, description, maxDepth, inputType: null, outputType: null, diagram: null)
    {
    }

    private protected WorkflowDefinition(
        string id,
        string strategy,
        IEnumerable<WorkflowStep> steps,
        string? description,
        int maxDepth,
        Type? inputType,
        Type? outputType,
        string? diagram)
    {
        Id = OrchestrationIds.Validate(id, "Workflow id", nameof(id));
        Strategy = OrchestrationIds.Validate(strategy, $"Workflow '{id}': strategy name", nameof(strategy));
        Steps = (steps ?? throw new ArgumentNullException(nameof(steps))).ToArray();
        if (Steps.Count == 0)
        {
            throw new ArgumentException($"Workflow '{id}' must have at least one step.", nameof(steps));
        }

        if (Steps.Any(s => s is null))
        {
            throw new ArgumentException($"Workflow '{id}' has a null step.", nameof(steps));
        }

        if (maxDepth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, $"Workflow '{id}': maxDepth must be at least 1.");
        }

        Description = description ?? string.Empty;
        MaxDepth = maxDepth;
        InputType = inputType;
        OutputType = outputType;
        _diagram = diagram;
    }

    private string? _diagram;

    /// <summary>The workflow id.</summary>
    public string Id { get; }

    /// <summary>The strategy name.</summary>
    public string Strategy { get; }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<WorkflowStep> Steps { get; }

    /// <summary>What the workflow does.</summary>
    public string Description { get; }

    /// <summary>How many levels of workflow references may stack below this workflow.</summary>
    public int MaxDepth { get; }

    /// <summary>The input type, for generated definitions; <see langword="null"/> for definitions made at run time.</summary>
    public Type? InputType { get; }

    /// <summary>The output type, for generated definitions; <see langword="null"/> for definitions made at run time.</summary>
    public Type? OutputType { get; }

    /// <summary>
    /// A hash of what the workflow does: id, strategy, steps, nesting limit, input and output types, and the
    /// fingerprints of the nested workflows its steps name by definition (generated definitions always do). A run
    /// records it, and resuming refuses when it changed, so that a resumed run never mixes results of two definitions.
    /// </summary>
    public string Fingerprint => _fingerprint ??= ComputeFingerprint();

    private string? _fingerprint;

    private string ComputeFingerprint()
    {
        var canonical = string.Join("\n",
            new[] { Id, Strategy, MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture), InputType?.FullName ?? "?", OutputType?.FullName ?? "?" }
                .Concat(Steps.Select(s => $"{s.Kind}:{s.TargetId}:{(s.Condition is null ? string.Empty : "when")}:{s.Definition?.Fingerprint}" + StepDetail(s))));
        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(canonical));
        return string.Concat(hash.Take(12).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    // Waits and delays add what they wait for; other steps add nothing, so fingerprints of workflows without them are unchanged.
    private static string StepDetail(WorkflowStep step) => step.Kind switch
    {
        StepKind.Wait => $":{step.Request!.RequestType.FullName}:{step.Request.ResponseType.FullName}",
        StepKind.Timer => step.Delay is { } delay ? $":{delay.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : $":until:{step.UntilName}",
        _ => string.Empty,
    };

    /// <summary>A Mermaid flowchart of the workflow.</summary>
    public string Diagram => _diagram ??= MermaidDiagram.Render(
        Id,
        Strategy,
        MermaidDiagram.LayoutOf(Strategy, fanOut: false),
        InputType?.Name,
        OutputType?.Name,
        Steps.Select(s => s.Kind switch
        {
            StepKind.Workflow => new MermaidDiagram.Step(MermaidDiagram.Node.Workflow, s.TargetId, null),
            StepKind.Wait => new MermaidDiagram.Step(MermaidDiagram.Node.Wait, s.TargetId, null),
            StepKind.Timer => new MermaidDiagram.Step(MermaidDiagram.Node.Delay, MermaidDiagram.DelayLabel(s.Delay, s.UntilName), null),
            _ => new MermaidDiagram.Step(MermaidDiagram.Node.Agent, s.TargetId, null),
        }).ToArray());

    /// <summary>
    /// Executes the workflow's steps inside <paramref name="run"/>. Generated definitions call their typed runner;
    /// others run their strategy from the run's registry.
    /// </summary>
    public virtual async ValueTask<WorkflowResult<object?>> ExecuteUntypedAsync(object? input, WorkflowRun run, CancellationToken cancellationToken)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        var strategy = run.Registry.Strategies.Get(Strategy);
        var steps = new ExecutableStep[Steps.Count];
        for (var i = 0; i < steps.Length; i++)
        {
            steps[i] = ExecutableStep.Resolve(run, Steps[i], i + 1);
        }

        var outcome = await strategy.ExecuteAsync(new StrategyExecution(run, input, steps), cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            { Exhaustion: { } error, FailedStep: { } last } => run.ExhaustWithError<object?>(last, error),
            { FailedStep: { } failed } => run.Fail<object?>(failed),
            _ => run.Complete(outcome.Output),
        };
    }

    /// <summary>
    /// Continues a claimed run of this workflow from its records. Generated (typed) definitions override it; a definition
    /// made at run time has no input type to read the recorded input back with, so its runs cannot be continued.
    /// </summary>
    internal virtual ValueTask<WorkflowResult> ContinueUntypedAsync(IRunClaim claim, IServiceProvider? services, WorkflowRunOptions options, string reason, CancellationToken cancellationToken)
    {
        claim.Dispose();
        throw new InvalidOperationException(
            $"Workflow '{Id}' was registered at run time without input and output types, so its runs cannot be continued from their records. " +
            "Declare it with [Workflow] (the generator gives it a typed definition), or create it as WorkflowDefinition<TInput, TOutput>.");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({Strategy}: {string.Join(" → ", Steps)})";
}

/// <summary>A generated workflow definition with a typed runner.</summary>
/// <typeparam name="TInput">The workflow's input type.</typeparam>
/// <typeparam name="TOutput">The workflow's output type.</typeparam>
public sealed class WorkflowDefinition<TInput, TOutput> : WorkflowDefinition, IChainStep<TInput, TOutput>
{
    private WorkflowStep? _step;

    /// <summary>This workflow as a chain step: it runs as a nested workflow.</summary>
    WorkflowStep IChainStep.Step => _step ??= WorkflowStep.Workflow(this);

    ValueTask<StepResult<TOutput>> IChainStep<TInput, TOutput>.RunAsync(WorkflowRun run, int index, TInput input, object? handoff, CancellationToken cancellationToken) =>
        run.RunWorkflowAsync(index, this, input, cancellationToken);

    private readonly Func<TInput, WorkflowRun, CancellationToken, ValueTask<WorkflowResult<TOutput>>> _execute;

    /// <summary>Creates a definition with a typed executor (the generator's runner body).</summary>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public WorkflowDefinition(
        string id,
        string strategy,
        IEnumerable<WorkflowStep> steps,
        Func<TInput, WorkflowRun, CancellationToken, ValueTask<WorkflowResult<TOutput>>> execute,
        string? description = null,
        int maxDepth = WorkflowAttribute.DefaultMaxDepth,
        string? diagram = null)
        : base(id, strategy, steps, description, maxDepth, typeof(TInput), typeof(TOutput), diagram)
    {
        _execute = execute ?? throw new ArgumentNullException(nameof(execute));
    }

    /// <summary>Executes the workflow's steps inside <paramref name="run"/>.</summary>
    public ValueTask<WorkflowResult<TOutput>> ExecuteAsync(TInput input, WorkflowRun run, CancellationToken cancellationToken) =>
        _execute(input, run, cancellationToken);

    /// <inheritdoc />
    public override async ValueTask<WorkflowResult<object?>> ExecuteUntypedAsync(object? input, WorkflowRun run, CancellationToken cancellationToken)
    {
        if (input is not TInput typed && !(input is null && default(TInput) is null))
        {
            throw new ArgumentException(
                $"Workflow '{Id}' takes {typeof(TInput).FullName} but was given {input?.GetType().FullName ?? "null"}.",
                nameof(input));
        }

        var result = await _execute((TInput)input!, run, cancellationToken).ConfigureAwait(false);
        return ToUntyped(result);
    }

    internal override async ValueTask<WorkflowResult> ContinueUntypedAsync(IRunClaim claim, IServiceProvider? services, WorkflowRunOptions options, string reason, CancellationToken cancellationToken) =>
        await WorkflowRun.ContinueAsync(this, claim, services, options, reason, cancellationToken).ConfigureAwait(false);

    private static WorkflowResult<object?> ToUntyped(WorkflowResult<TOutput> result)
    {
        return new WorkflowResult<object?>(
            result.WorkflowId, result.RunId, result.Status, result.OutputValue, result.Steps, result.FailedStep, result.Errors, result.Duration, result.Wait);
    }
}
