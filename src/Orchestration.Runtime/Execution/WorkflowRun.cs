using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;
using Orchestration.Strategies;
using Orchestration.Telemetry;

namespace Orchestration;

/// <summary>
/// One execution of one workflow: where step results are recorded, timeouts enforced and nesting checked. Nested
/// workflows get a child run that shares the root's id, services and options.
/// </summary>
/// <remarks>Generated runners and strategies call its members; application code normally starts runs through a
/// generated <c>RunAsync</c>, a runner from dependency injection, or <see cref="OrchestrationRegistry.RunAsync"/>.</remarks>
public sealed partial class WorkflowRun
{
    // A struct per slot: storing into an array of a class type would pay a covariance check per step.
    private readonly Slot[] _steps;
    private readonly long _started;
    private readonly RunScope _scope;

    // How this run appears in record paths: the workflow id, or "id[n]" for iteration n of a loop.
    private readonly string _segment;

    private WorkflowRun(WorkflowDefinition workflow, RunScope scope, WorkflowRun? parent)
    {
        Workflow = workflow;
        _scope = scope;
        Parent = parent;
        Depth = parent is null ? 0 : parent.Depth + 1;
        _steps = new Slot[workflow.Steps.Count];
        _started = Stopwatch.GetTimestamp();
        _segment = workflow.Id;
    }

    // Iteration n of a loop run by owner: the same workflow, depth and step slots, recorded under "id[n]" so that each
    // iteration's steps (and the workflows they nest) are kept apart in the records, whatever order they finish in.
    private WorkflowRun(WorkflowRun owner, int iteration)
    {
        Workflow = owner.Workflow;
        _scope = owner._scope;
        Parent = owner.Parent;
        Depth = owner.Depth;
        _steps = owner._steps;
        _started = owner._started;
        _segment = owner._segment + "[" + iteration.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
    }

    /// <summary>The run id, shared by nested workflows.</summary>
    public string RunId => _scope.RunId;

    /// <summary>The workflow this run executes.</summary>
    public WorkflowDefinition Workflow { get; }

    /// <summary>The run of the workflow that nests this one, or <see langword="null"/> at the top.</summary>
    public WorkflowRun? Parent { get; }

    /// <summary>How many workflow references lead from the top-level workflow to this one (0 at the top).</summary>
    public int Depth { get; }

    /// <summary>The services agents are created from.</summary>
    public IServiceProvider Services => _scope.Services;

    /// <summary>The run's options.</summary>
    public WorkflowRunOptions Options => _scope.Options;

    /// <summary>The registry that resolves strategies, templates and workflows on the dynamic path.</summary>
    /// <exception cref="InvalidOperationException">The run was started without a registry.</exception>
    public OrchestrationRegistry Registry => _scope.Registry ?? throw new InvalidOperationException(
        $"Workflow '{Workflow.Id}' needs an OrchestrationRegistry to resolve its strategy and steps, but the run was started without one. " +
        "Start it through OrchestrationRegistry.RunAsync, or register the registry in the service provider (services.AddOrchestration()).");

    /// <summary>
    /// The ids of the workflows from the top-level one to this one; inside iteration n of a loop (<c>for_each</c>,
    /// <c>repeat_until</c>), the loop's workflow appears as <c>id[n]</c>. Step records carry this path.
    /// </summary>
    public IReadOnlyList<string> Path
    {
        get
        {
            var path = new string[Depth + 1];
            for (var run = this; run is not null; run = run.Parent)
            {
                path[run.Depth] = run._segment;
            }

            return path;
        }
    }

    /// <summary>
    /// The run of iteration <paramref name="iteration"/> (1-based) of a loop this run executes (<c>for_each</c>,
    /// <c>repeat_until</c>): its steps are recorded under <c>id[n]</c>, so a continued run restores each iteration's own.
    /// </summary>
    internal WorkflowRun EnterIteration(int iteration) => new(this, iteration);

    /// <summary>Runs a generated workflow from the top: the entry point of generated <c>RunAsync</c> methods.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="input">The workflow's input.</param>
    /// <param name="services">Where agents come from; an empty provider when <see langword="null"/>.</param>
    /// <param name="options">Run options; <see cref="WorkflowRunOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run; every running agent sees it.</param>
    /// <exception cref="InvalidOperationException">The store already has a run with <see cref="WorkflowRunOptions.RunId"/>.</exception>
    /// <exception cref="RunStoreException">The store could not record the run's start, or its end.</exception>
    public static async ValueTask<WorkflowResult<TOutput>> RunAsync<TInput, TOutput>(
        WorkflowDefinition<TInput, TOutput> workflow,
        TInput input,
        IServiceProvider? services = null,
        WorkflowRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (workflow is null)
        {
            throw new ArgumentNullException(nameof(workflow));
        }

        using var scope = Start(workflow, input, typeof(TInput), services, options, registry: null, cancellationToken);
        var run = new WorkflowRun(workflow, scope, parent: null);
        return await Traced(run, topLevel: true, (workflow, input, scope.Token), static (state, run) => state.workflow.ExecuteAsync(state.input, run, state.Token)).ConfigureAwait(false);
    }

    internal static async ValueTask<WorkflowResult<object?>> RunUntypedAsync(
        OrchestrationRegistry registry,
        WorkflowDefinition workflow,
        object? input,
        IServiceProvider? services,
        WorkflowRunOptions? options,
        CancellationToken cancellationToken)
    {
        using var scope = Start(workflow, input, input?.GetType() ?? typeof(object), services, options, registry, cancellationToken);
        var run = new WorkflowRun(workflow, scope, parent: null);
        return await Traced(run, topLevel: true, (workflow, input, scope.Token), static (state, run) => state.workflow.ExecuteUntypedAsync(state.input, run, state.Token)).ConfigureAwait(false);
    }

    /// <summary>Creates the scope of a new run; with a store, the run is created there and claimed first.</summary>
    private static RunScope Start(
        WorkflowDefinition workflow, object? input, Type inputType, IServiceProvider? services, WorkflowRunOptions? options, OrchestrationRegistry? registry,
        CancellationToken cancellationToken)
    {
        // Runs started without options take the application's (AddOrchestration(o => ...)), else the defaults.
        options = OrchestrationOptions.Resolve(options, services);
        var runId = options.RunId ?? RunIds.New();
        IRunClaim? claim = null;
        if (options.Store is { } store)
        {
            var recordedInput = RecordedJson(input, inputType, options);
            claim = store.Create(new RunRecord(
                runId, workflow.Id, workflow.Strategy, "running", DateTimeOffset.UtcNow, null, recordedInput,
                Array.Empty<StepRecord>(), Array.Empty<string>(), workflow.Fingerprint, workflow.Diagram));
        }

        return new RunScope(services ?? EmptyServiceProvider.Instance, options, registry, cancellationToken, runId, claim);
    }

    /// <summary>A value as a record holds it: JSON written with the record serializer, or <see langword="null"/> when its type has no metadata there.</summary>
    private static string? RecordedJson(object? value, Type type, WorkflowRunOptions options)
    {
        if (value is null)
        {
            return "null";
        }

        try
        {
            return System.Text.Json.JsonSerializer.Serialize(value, options.EffectiveRecordSerializer.GetTypeInfo(type));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or System.Text.Json.JsonException)
        {
            // No metadata for this type (a trimmed app without source-generated metadata): keep the record, without the value.
            return null;
        }
    }

    /// <summary>
    /// Runs <paramref name="execute"/> inside a workflow span, and records the run's metrics; at the top, records how the
    /// run ended (or that it waits) and releases its claim. The state is passed to a static delegate, so that starting a
    /// run allocates no closure.
    /// </summary>
    private static async ValueTask<TResult> Traced<TState, TResult>(WorkflowRun run, bool topLevel, TState state, Func<TState, WorkflowRun, ValueTask<TResult>> execute)
        where TResult : WorkflowResult
    {
        var activity = OrchestrationTelemetry.StartWorkflow(run);
        TResult result;
        try
        {
            result = await execute(state, run).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.Dispose();
            if (topLevel)
            {
                run._scope.Threw(ex);
            }

            throw;
        }

        if (topLevel)
        {
            try
            {
                result = (TResult)run._scope.Finish(result);
            }
            catch
            {
                activity?.Dispose();
                throw;
            }
        }

        OrchestrationTelemetry.EndWorkflow(activity, run, result, topLevel);
        return result;
    }

    /// <summary>Runs workflow step <paramref name="index"/> (1-based) as a nested workflow and records its result.</summary>
    /// <remarks>The nesting limit and cycle check are enforced here too; a violation fails the step.</remarks>
    public async ValueTask<StepResult<TOutput>> RunWorkflowAsync<TInput, TOutput>(
        int index,
        WorkflowDefinition<TInput, TOutput> workflow,
        TInput input,
        CancellationToken cancellationToken)
    {
        if (workflow is null)
        {
            throw new ArgumentNullException(nameof(workflow));
        }

        var started = Stopwatch.GetTimestamp();
        if (!TryEnterNested(workflow, index, started, out var child, out StepResult<TOutput>? refused))
        {
            return refused;
        }

        _scope.StepStarted(this, index, workflow.Id, StepKind.Workflow);
        var result = await Traced(child, topLevel: false, (workflow, input, cancellationToken), static (state, run) => state.workflow.ExecuteAsync(state.input, run, state.cancellationToken)).ConfigureAwait(false);
        return Record(Nested(index, workflow.Id, started, result, result.Succeeded ? result.Output : default));
    }

    /// <summary>Runs workflow step <paramref name="index"/> (1-based) with an input whose type is only known at run time.</summary>
    public async ValueTask<StepResult> RunWorkflowUntypedAsync(
        int index,
        WorkflowDefinition workflow,
        object? input,
        CancellationToken cancellationToken)
    {
        if (workflow is null)
        {
            throw new ArgumentNullException(nameof(workflow));
        }

        var started = Stopwatch.GetTimestamp();
        if (!TryEnterNested(workflow, index, started, out var child, out StepResult<object?>? refused))
        {
            return refused;
        }

        _scope.StepStarted(this, index, workflow.Id, StepKind.Workflow);
        var result = await Traced(child, topLevel: false, (workflow, input, cancellationToken), static (state, run) => state.workflow.ExecuteUntypedAsync(state.input, run, state.cancellationToken)).ConfigureAwait(false);
        return Record(Nested(index, workflow.Id, started, result, result.OutputValue));
    }

    /// <summary>
    /// Executes <paramref name="steps"/> with a strategy instance and converts its output to the workflow's type; used by
    /// generated runners of user strategies.
    /// </summary>
    /// <remarks>A strategy that throws, or returns an output of the wrong type, fails the run with a message naming it.</remarks>
    public async ValueTask<WorkflowResult<TOutput>> ExecuteStrategyAsync<TOutput>(
        ExecutionStrategy strategy,
        ExecutableStep[] steps,
        object? input,
        Func<object?, TOutput> convertOutput,
        CancellationToken cancellationToken)
    {
        if (strategy is null)
        {
            throw new ArgumentNullException(nameof(strategy));
        }

        if (convertOutput is null)
        {
            throw new ArgumentNullException(nameof(convertOutput));
        }

        var started = Stopwatch.GetTimestamp();
        StrategyOutcome outcome;
        try
        {
            outcome = await strategy.ExecuteAsync(new StrategyExecution(this, input, steps), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Fail<TOutput>(StrategyFailure<TOutput>(started, $"strategy '{Workflow.Strategy}' threw {ex.GetType().Name}: {ex.Message}", ex));
        }

        if (outcome.FailedStep is { } failed)
        {
            return Fail<TOutput>(failed);
        }

        try
        {
            return Complete(convertOutput(outcome.Output));
        }
        catch (InvalidCastException ex)
        {
            return Fail<TOutput>(StrategyFailure<TOutput>(started,
                $"strategy '{Workflow.Strategy}' returned {outcome.Output?.GetType().FullName ?? "null"}, which is not the {typeof(TOutput).FullName} its shape promises",
                ex));
        }
    }

    private StepResult<T> StrategyFailure<T>(long started, string error, Exception exception) =>
        new(0, Workflow.Strategy, StepKind.Agent, StepStatus.Failed, default, null, Elapsed(started), 1, error, exception);

    /// <summary>
    /// Starts a fan-out: steps started through the returned scope run concurrently, bounded by
    /// <see cref="WorkflowRunOptions.MaxDegreeOfParallelism"/>, and under <see cref="FailurePolicy.FailFast"/> the first
    /// failure cancels the others.
    /// </summary>
    public ParallelScope BeginParallel(CancellationToken cancellationToken) => new(this, cancellationToken);

    /// <summary>
    /// Checks that <paramref name="workflow"/> may run nested inside this run (depth limits of every enclosing workflow,
    /// no cycle) and creates its run.
    /// </summary>
    /// <exception cref="WorkflowNestingException">The limit would be exceeded or the workflow is already running above.</exception>
    public WorkflowRun EnterNested(WorkflowDefinition workflow)
    {
        if (workflow is null)
        {
            throw new ArgumentNullException(nameof(workflow));
        }

        var depth = Depth + 1;
        for (var ancestor = this; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (depth - ancestor.Depth > ancestor.Workflow.MaxDepth)
            {
                // The rule as the build states it, from the workflow whose limit this is.
                throw new WorkflowNestingException(Rules.NestingRule.TooDeep(
                    ancestor.Workflow.Id, ancestor.Workflow.Strategy == StrategyNames.DelegationChain, StackFrom(ancestor, workflow.Id), ancestor.Workflow.MaxDepth,
                    Rules.NestingRule.DefinitionLimit).ToString());
            }
        }

        for (var ancestor = this; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (string.Equals(ancestor.Workflow.Id, workflow.Id, StringComparison.Ordinal))
            {
                throw new WorkflowNestingException(Rules.NestingRule.Cycle(workflow.Id, StackFrom(ancestor, workflow.Id)).ToString());
            }
        }

        return new WorkflowRun(workflow, _scope, this);
    }

    /// <summary>The workflows from <paramref name="ancestor"/> down to this run, then <paramref name="entering"/>.</summary>
    private List<string> StackFrom(WorkflowRun ancestor, string entering)
    {
        var stack = Path;
        var part = new List<string>(stack.Count - ancestor.Depth + 1);
        for (var i = ancestor.Depth; i < stack.Count; i++)
        {
            part.Add(stack[i]);
        }

        part.Add(entering);
        return part;
    }

    /// <summary>Ends the run successfully with <paramref name="output"/>.</summary>
    public WorkflowResult<T> Complete<T>(T output) =>
        new(Workflow.Id, RunId, WorkflowStatus.Completed, output, RecordedSteps(), failedStep: null, Array.Empty<string>(), Elapsed(_started));

    /// <summary>Ends the run because <paramref name="failedStep"/> did not complete.</summary>
    public WorkflowResult<T> Fail<T>(StepResult failedStep)
    {
        if (failedStep is null)
        {
            throw new ArgumentNullException(nameof(failedStep));
        }

        var steps = RecordedSteps();
        if (failedStep.Status == StepStatus.Waiting)
        {
            // Not a failure: the run stops here and is continued from its records.
            return new WorkflowResult<T>(Workflow.Id, RunId, WorkflowStatus.Waiting, default, steps, failedStep, Array.Empty<string>(), Elapsed(_started), _scope.Suspended);
        }

        var status = failedStep.Status switch
        {
            StepStatus.Cancelled => WorkflowStatus.Cancelled,
            StepStatus.TimedOut => WorkflowStatus.TimedOut,
            _ => WorkflowStatus.Failed,
        };
        var errors = new List<string> { Describe(failedStep) };
        foreach (var step in steps)
        {
            // Steps are identified by position: a strategy may hand back a copy of the recorded result.
            if (!step.Succeeded && step.Index != failedStep.Index)
            {
                errors.Add(Describe(step));
            }
        }

        return new WorkflowResult<T>(Workflow.Id, RunId, status, default, steps, failedStep, errors, Elapsed(_started));

        static string Describe(StepResult step) => $"step {step.Index} '{step.StepId}': {step.Error ?? step.Status.ToString()}";
    }

    /// <summary>
    /// Ends the run as <see cref="WorkflowStatus.Exhausted"/>: a bounded loop ran out of iterations. <paramref name="lastStep"/>
    /// is the step whose verdict ended it; <paramref name="reason"/> becomes the first error.
    /// </summary>
    public WorkflowResult<T> Exhaust<T>(StepResult lastStep, string reason)
    {
        if (lastStep is null)
        {
            throw new ArgumentNullException(nameof(lastStep));
        }

        return ExhaustWithError<T>(lastStep, $"step {lastStep.Index} '{lastStep.StepId}': {reason}");
    }

    /// <summary>Ends the run as exhausted with an error already formatted (an inner run's first error).</summary>
    internal WorkflowResult<T> ExhaustWithError<T>(StepResult lastStep, string error) =>
        new(Workflow.Id, RunId, WorkflowStatus.Exhausted, default, RecordedSteps(), lastStep, new[] { error }, Elapsed(_started));

    internal StepResult<T> Record<T>(StepResult<T> result)
    {
        if (result.Index >= 1 && result.Index <= _steps.Length)
        {
            _steps[result.Index - 1].Result = result;
        }

        if (result.Status != StepStatus.Waiting)
        {
            Options.Progress?.Report(result);
        }

        _scope.RecordStep(this, result);
        return result;
    }

    private bool TryEnterNested<T>(WorkflowDefinition workflow, int index, long started, out WorkflowRun child, out StepResult<T> refused)
    {
        try
        {
            child = EnterNested(workflow);
            refused = null!;
            return true;
        }
        catch (WorkflowNestingException ex)
        {
            child = null!;
            refused = Record(new StepResult<T>(index, workflow.Id, StepKind.Workflow, StepStatus.Failed, default, null, Elapsed(started), 1, ex.Message, ex));
            return false;
        }
    }

    private static StepResult<T> Nested<T>(int index, string workflowId, long started, WorkflowResult result, T? output)
    {
        var status = result.Status switch
        {
            WorkflowStatus.Completed => StepStatus.Completed,
            WorkflowStatus.Cancelled => StepStatus.Cancelled,
            WorkflowStatus.TimedOut => StepStatus.TimedOut,
            WorkflowStatus.Waiting => StepStatus.Waiting,
            _ => StepStatus.Failed,
        };
        var error = result.Succeeded || result.Status == WorkflowStatus.Waiting ? null : $"nested workflow '{workflowId}' {result.Status.ToString().ToLowerInvariant()}: {string.Join("; ", result.Errors)}";
        return new StepResult<T>(index, workflowId, StepKind.Workflow, status, output, null, Elapsed(started), 1, error, result.FailedStep?.Exception, result);
    }

    private StepResult<T> Interrupted<T>(
        int index, string id, StepKind kind, long started, bool agentTimedOut, Exception? exception, double timeoutSeconds = 0, int attempts = 1,
        TokenUsage? usage = null, decimal? cost = null)
    {
        var (status, error) = agentTimedOut
            ? (StepStatus.TimedOut, $"agent '{id}' did not finish within its timeout of {timeoutSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s; the run stopped waiting for it (an agent that ignores its cancellation token is abandoned, still running, not stopped)")
            : _scope.TimedOut
                ? (StepStatus.TimedOut, $"the run timed out after {Options.Timeout!.Value.TotalSeconds:0.###} s")
                : (StepStatus.Cancelled, "cancelled before it finished");
        return new StepResult<T>(index, id, kind, status, default, null, Elapsed(started), attempts, error, exception, usage: usage, cost: cost);
    }

    private IReadOnlyList<StepResult> RecordedSteps()
    {
        var list = new List<StepResult>(_steps.Length);
        foreach (var slot in _steps)
        {
            if (slot.Result is { } step)
            {
                list.Add(step);
            }
        }

        return list;
    }

    private struct Slot
    {
        public StepResult? Result;
    }

    private static TimeSpan Elapsed(long started) => Stopwatch.GetElapsedTime(started);

    private static decimal? Add(decimal? left, decimal? right) => left is null && right is null ? null : (left ?? 0m) + (right ?? 0m);
}
