using System;
using System.Linq;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration;

/// <summary>
/// One execution of one workflow: where step results are recorded, timeouts enforced and nesting checked. Nested
/// workflows get a child run that shares the root's id, services and options.
/// </summary>
/// <remarks>Generated runners and strategies call its members; application code normally starts runs through a
/// generated <c>RunAsync</c>, a runner from dependency injection, or <see cref="OrchestrationRegistry.RunAsync"/>.</remarks>
public sealed class WorkflowRun
{
    // A struct per slot: storing into an array of a class type would pay a covariance check per step.
    private readonly Slot[] _steps;
    private readonly long _started;
    private readonly RunScope _scope;

    private WorkflowRun(WorkflowDefinition workflow, RunScope scope, WorkflowRun? parent)
    {
        Workflow = workflow;
        _scope = scope;
        Parent = parent;
        Depth = parent is null ? 0 : parent.Depth + 1;
        _steps = new Slot[workflow.Steps.Count];
        _started = Stopwatch.GetTimestamp();
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

    /// <summary>The ids of the workflows from the top-level one to this one.</summary>
    public IReadOnlyList<string> Path
    {
        get
        {
            var path = new string[Depth + 1];
            for (var run = this; run is not null; run = run.Parent)
            {
                path[run.Depth] = run.Workflow.Id;
            }

            return path;
        }
    }

    /// <summary>Runs a generated workflow from the top: the entry point of generated <c>RunAsync</c> methods.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="input">The workflow's input.</param>
    /// <param name="services">Where agents come from; an empty provider when <see langword="null"/>.</param>
    /// <param name="options">Run options; <see cref="WorkflowRunOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run; every running agent sees it.</param>
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

        services ??= EmptyServiceProvider.Instance;
        using var scope = new RunScope(services, options ?? WorkflowRunOptions.Default, registry: null, cancellationToken);
        var run = new WorkflowRun(workflow, scope, parent: null);
        scope.RecordStart(workflow, input, typeof(TInput));
        return await Traced(run, topLevel: true, (workflow, input, scope.Token), static (state, run) => state.workflow.ExecuteAsync(state.input, run, state.Token)).ConfigureAwait(false);
    }

    /// <summary>
    /// Resumes a stopped or failed run from its records: its input is restored, agent steps that completed are not run
    /// again (their recorded outputs are restored), and the rest run. Refuses when the workflow changed since the run
    /// started, when the run already completed, or when it is another workflow's run.
    /// </summary>
    /// <param name="workflow">The workflow the run executed.</param>
    /// <param name="runId">The run to resume.</param>
    /// <param name="services">Where agents come from.</param>
    /// <param name="options">Run options; <see cref="WorkflowRunOptions.Store"/> must be the store the run was recorded in.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ArgumentException">No store is set.</exception>
    /// <exception cref="InvalidOperationException">The run cannot be resumed; the message says why.</exception>
    public static async ValueTask<WorkflowResult<TOutput>> ResumeAsync<TInput, TOutput>(
        WorkflowDefinition<TInput, TOutput> workflow,
        string runId,
        IServiceProvider? services,
        WorkflowRunOptions options,
        CancellationToken cancellationToken = default)
    {
        if (workflow is null || options is null)
        {
            throw new ArgumentNullException(workflow is null ? nameof(workflow) : nameof(options));
        }

        var store = options.Store ?? throw new ArgumentException("Resuming needs the store the run was recorded in: set WorkflowRunOptions.Store.", nameof(options));
        var record = store.Load(runId);
        if (record.WorkflowId != workflow.Id)
        {
            throw new InvalidOperationException($"Run '{runId}' is a run of workflow '{record.WorkflowId}', not '{workflow.Id}'.");
        }

        if (record.Status == "completed")
        {
            throw new InvalidOperationException($"Run '{runId}' already completed; there is nothing to resume.");
        }

        if (record.Fingerprint != workflow.Fingerprint)
        {
            throw new InvalidOperationException(
                $"Workflow '{workflow.Id}' changed since run '{runId}' started (fingerprint {record.Fingerprint ?? "none"} then, {workflow.Fingerprint} now), " +
                "so its recorded results may not fit the steps; start a new run instead.");
        }

        var serializer = options.RecordSerializer ?? Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions;
        if (record.Input is null || !RunScope.TryDeserialize(record.Input, serializer, out TInput input))
        {
            throw new InvalidOperationException($"The input of run '{runId}' was not recorded in a form that can be read back (its type has no JSON metadata in WorkflowRunOptions.RecordSerializer); it cannot be resumed. Set RecordSerializer to options that know the input type (for example a source-generated JsonSerializerContext) before starting runs you may resume.");
        }

        store.RunResumed(runId);
        using var scope = new RunScope(services ?? EmptyServiceProvider.Instance, options, registry: null, cancellationToken, runId, record.Steps);
        var run = new WorkflowRun(workflow, scope, parent: null);
        return await Traced(run, topLevel: true, (workflow, input, scope.Token), static (state, run) => state.workflow.ExecuteAsync(state.input, run, state.Token)).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="execute"/> inside a workflow span, and records the run's metrics. The state is passed to a
    /// static delegate, so that starting a run allocates no closure.
    /// </summary>
    private static async ValueTask<TResult> Traced<TState, TResult>(WorkflowRun run, bool topLevel, TState state, Func<TState, WorkflowRun, ValueTask<TResult>> execute)
        where TResult : WorkflowResult
    {
        var activity = OrchestrationTelemetry.StartWorkflow(run);
        try
        {
            var result = await execute(state, run).ConfigureAwait(false);
            OrchestrationTelemetry.EndWorkflow(activity, run, result, topLevel);
            if (topLevel)
            {
                run._scope.RecordFinish(result);
            }

            return result;
        }
        catch
        {
            activity?.Dispose();
            throw;
        }
    }

    internal static async ValueTask<WorkflowResult<object?>> RunUntypedAsync(
        OrchestrationRegistry registry,
        WorkflowDefinition workflow,
        object? input,
        IServiceProvider? services,
        WorkflowRunOptions? options,
        CancellationToken cancellationToken)
    {
        services ??= EmptyServiceProvider.Instance;
        using var scope = new RunScope(services, options ?? WorkflowRunOptions.Default, registry, cancellationToken);
        var run = new WorkflowRun(workflow, scope, parent: null);
        scope.RecordStart(workflow, input, input?.GetType() ?? typeof(object));
        return await Traced(run, topLevel: true, (workflow, input, scope.Token), static (state, run) => state.workflow.ExecuteUntypedAsync(state.input, run, state.Token)).ConfigureAwait(false);
    }

    /// <summary>Runs agent step <paramref name="index"/> (1-based), enforcing the template's timeout, and records its result.</summary>
    /// <remarks>Never throws for a failing agent: the failure is in the returned result.</remarks>
    public ValueTask<StepResult<TOutput>> RunAgentAsync<TInput, TOutput>(
        int index,
        AgentTemplate<TInput, TOutput> template,
        TInput input,
        CancellationToken cancellationToken) =>
        RunAgentAsync(index, template, input, handoff: null, cancellationToken);

    /// <summary>
    /// Runs agent step <paramref name="index"/> (1-based) with <paramref name="handoff"/> in its context, enforcing the
    /// template's timeout, and records its result.
    /// </summary>
    /// <remarks>
    /// Never throws for a failing agent: the failure is in the returned result. An agent that finishes without waiting
    /// and needs no retry costs no asynchronous machinery: the result is recorded and returned synchronously. Otherwise
    /// one state machine carries the step through waiting and retries.
    /// </remarks>
    public ValueTask<StepResult<TOutput>> RunAgentAsync<TInput, TOutput>(
        int index,
        AgentTemplate<TInput, TOutput> template,
        TInput input,
        object? handoff,
        CancellationToken cancellationToken)
    {
        if (template is null)
        {
            throw new ArgumentNullException(nameof(template));
        }

        if (_scope.Replaying && _scope.TryRestore(this, index, out StepRecord? recorded, out TOutput restored))
        {
            return new(Record(new StepResult<TOutput>(
                index, template.Id, StepKind.Agent, StepStatus.Completed, restored, recorded!.Confidence, TimeSpan.Zero, 0,
                usage: recorded.Usage, cost: recorded.Cost) { Restored = true }));
        }

        var step = new AgentStep<TInput, TOutput>(index, template, input, handoff, Stopwatch.GetTimestamp(), OrchestrationTelemetry.StartAgent(template),
            _scope.Options.Store is null ? null : new List<StepLogEntry>()); // the log is only kept where there is somewhere to keep it
        var first = StartAttempt(step, attempt: 1, TokenUsage.None, cost: null, cancellationToken);
        if (first.Pending is null && (!first.Retryable || template.Retry.MaxAttempts == 1))
        {
            return new(Finish(step, first.Result!));
        }

        return ContinueAsync(step, first, cancellationToken);
    }

    /// <summary>
    /// The rest of a step whose first attempt is still running or failed in a way worth retrying: waits (the agent's
    /// timeout starts when it first waits, so a hung agent cannot hang the run), retries with backoff while attempts
    /// remain, and records the last result.
    /// </summary>
    private async ValueTask<StepResult<TOutput>> ContinueAsync<TInput, TOutput>(
        AgentStep<TInput, TOutput> step,
        Attempt<TOutput> current,
        CancellationToken cancellationToken)
    {
        var policy = step.Template.Retry;
        for (var attempt = 1; ; attempt++)
        {
            StepResult<TOutput> result;
            bool retryable;
            if (current.Pending is null)
            {
                (result, retryable) = (current.Result!, current.Retryable);
            }
            else
            {
                var lease = current.Lease!;
                try
                {
                    // WaitAsync stops waiting for an agent that ignores its token.
                    lease.Source.CancelAfter(step.Template.Resources.Timeout);
                    var output = await current.Pending.Value.AsTask().WaitAsync(lease.Source.Token).ConfigureAwait(false);
                    (result, retryable) = (Completed(step, output, current.Context!, attempt, current.Spent, current.Cost), false);
                }
                catch (Exception ex)
                {
                    (result, retryable) = Failed(step, ex, lease.Source, current.Context!, attempt, current.Spent, current.Cost, cancellationToken);
                }
                finally
                {
                    _scope.ReturnLimit(lease);
                }
            }

            if (!retryable || attempt >= policy.MaxAttempts)
            {
                return Finish(step, result);
            }

            try
            {
                await Task.Delay(policy.DelayBefore(attempt + 1), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Cancelled while waiting to retry: the last failure stands, recorded as it was.
                return Finish(step, result);
            }

            // Tokens and cost accumulate over attempts: a failed attempt is still paid for.
            current = StartAttempt(step, attempt + 1, result.Usage, result.Cost, cancellationToken);
        }
    }

    private StepResult<TOutput> Finish<TInput, TOutput>(AgentStep<TInput, TOutput> step, StepResult<TOutput> result)
    {
        OrchestrationTelemetry.EndAgent(step.Activity, result);
        if (step.Log is { Count: > 0 } log)
        {
            result.Log = log.ToArray();
        }

        return Record(result);
    }

    /// <summary>
    /// Starts one attempt and, when the agent finishes without waiting (or cannot start), ends it: the result, and whether
    /// it is worth retrying (the agent threw or ran past its own timeout, not the run being cancelled). Otherwise the
    /// attempt is pending, holding its timeout source.
    /// </summary>
    private Attempt<TOutput> StartAttempt<TInput, TOutput>(
        AgentStep<TInput, TOutput> step,
        int attempt,
        TokenUsage spent,
        decimal? cost,
        CancellationToken cancellationToken)
    {
        var template = step.Template;
        if (cancellationToken.IsCancellationRequested)
        {
            return Attempt<TOutput>.Done(Interrupted<TOutput>(step.Index, template.Id, StepKind.Agent, step.Started, agentTimedOut: false, exception: null, attempts: attempt - 1), false);
        }

        var context = new AgentContext(this, template, step.Index, attempt, step.Handoff, step.Log);
        IAgent<TInput, TOutput> agent;
        try
        {
            agent = template.CreateAgent(Services);
        }
        catch (InvalidOperationException ex)
        {
            // A missing dependency will still be missing on the next attempt.
            return Attempt<TOutput>.Done(new StepResult<TOutput>(step.Index, template.Id, StepKind.Agent, StepStatus.Failed, default, null, Elapsed(step.Started), attempt,
                $"{ex.GetType().Name}: {ex.Message}", ex, usage: spent, cost: cost), false);
        }

        var lease = _scope.RentLimit(cancellationToken);
        try
        {
            var pending = agent.RunAsync(step.Input, context, lease.Source.Token);
            if (!pending.IsCompletedSuccessfully)
            {
                return new Attempt<TOutput>(null, false, pending, lease, context, spent, cost);
            }

            // Finished without waiting: it cannot have hung, so no timer was needed (the common, cheap path).
            var output = pending.Result;
            _scope.ReturnLimit(lease);
            return Attempt<TOutput>.Done(Completed(step, output, context, attempt, spent, cost), false);
        }
        catch (Exception ex)
        {
            // The agent threw before it first waited.
            _scope.ReturnLimit(lease);
            var (failed, retryable) = Failed(step, ex, lease.Source, context, attempt, spent, cost, cancellationToken);
            return Attempt<TOutput>.Done(failed, retryable);
        }
    }

    private static StepResult<TOutput> Completed<TInput, TOutput>(
        AgentStep<TInput, TOutput> step, TOutput output, AgentContext context, int attempt, TokenUsage spent, decimal? cost) =>
        new(step.Index, step.Template.Id, StepKind.Agent, StepStatus.Completed, output, context.Confidence, Elapsed(step.Started), attempt,
            usage: spent + context.UsageUnlocked, cost: Add(cost, context.CostUnlocked));

    /// <summary>What a thrown exception makes of an attempt: timed out, cancelled or failed, and whether to retry.</summary>
    private (StepResult<TOutput> Result, bool Retryable) Failed<TInput, TOutput>(
        AgentStep<TInput, TOutput> step, Exception ex, CancellationTokenSource limit, AgentContext context, int attempt, TokenUsage spent, decimal? cost,
        CancellationToken cancellationToken)
    {
        var usage = spent + context.Usage;
        var total = Add(cost, context.Cost);
        if (ex is OperationCanceledException && limit.IsCancellationRequested)
        {
            var agentTimedOut = !cancellationToken.IsCancellationRequested;
            return (Interrupted<TOutput>(step.Index, step.Template.Id, StepKind.Agent, step.Started, agentTimedOut, ex, step.Template.Resources.TimeoutSeconds, attempt,
                usage, total), agentTimedOut);
        }

        var failed = new StepResult<TOutput>(
            step.Index, step.Template.Id, StepKind.Agent, StepStatus.Failed, default, context.Confidence, Elapsed(step.Started), attempt,
            $"{ex.GetType().Name}: {ex.Message}", ex, usage: usage, cost: total);
        return (failed, !cancellationToken.IsCancellationRequested);
    }

    /// <summary>What every attempt of one agent step shares (a struct: the synchronous path allocates nothing for it).</summary>
    private readonly record struct AgentStep<TInput, TOutput>(
        int Index,
        AgentTemplate<TInput, TOutput> Template,
        TInput Input,
        object? Handoff,
        long Started,
        System.Diagnostics.Activity? Activity,
        List<StepLogEntry>? Log);

    /// <summary>
    /// One attempt: ended (<see cref="Result"/>, and whether it is worth retrying), or still running (<see cref="Pending"/>,
    /// with its timeout source, context, and the tokens and cost spent by earlier attempts).
    /// </summary>
    private readonly record struct Attempt<TOutput>(
        StepResult<TOutput>? Result,
        bool Retryable,
        ValueTask<TOutput>? Pending,
        RunScope.Limit? Lease,
        AgentContext? Context,
        TokenUsage Spent,
        decimal? Cost)
    {
        public static Attempt<TOutput> Done(StepResult<TOutput> result, bool retryable) => new(result, retryable, null, null, null, TokenUsage.None, null);
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
                throw new WorkflowNestingException(
                    $"Maximum nesting depth ({ancestor.Workflow.MaxDepth}) exceeded. Current stack: {string.Join(" → ", Path)} → {workflow.Id}");
            }
        }

        for (var ancestor = this; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (string.Equals(ancestor.Workflow.Id, workflow.Id, StringComparison.Ordinal))
            {
                throw new WorkflowNestingException(
                    $"Cycle detected: workflow '{workflow.Id}' already in stack. Stack: {string.Join(" → ", Path)} → {workflow.Id}");
            }
        }

        return new WorkflowRun(workflow, _scope, this);
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

        var status = failedStep.Status switch
        {
            StepStatus.Cancelled => WorkflowStatus.Cancelled,
            StepStatus.TimedOut => WorkflowStatus.TimedOut,
            _ => WorkflowStatus.Failed,
        };
        var steps = RecordedSteps();
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

        Options.Progress?.Report(result);
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
            _ => StepStatus.Failed,
        };
        var error = result.Succeeded ? null : $"nested workflow '{workflowId}' {result.Status.ToString().ToLowerInvariant()}: {string.Join("; ", result.Errors)}";
        return new StepResult<T>(index, workflowId, StepKind.Workflow, status, output, null, Elapsed(started), 1, error, result.FailedStep?.Exception, result);
    }

    private StepResult<T> Interrupted<T>(
        int index, string id, StepKind kind, long started, bool agentTimedOut, Exception? exception, int timeoutSeconds = 0, int attempts = 1,
        TokenUsage? usage = null, decimal? cost = null)
    {
        var (status, error) = agentTimedOut
            ? (StepStatus.TimedOut, $"agent '{id}' did not finish within its timeout of {timeoutSeconds} s")
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

    /// <summary>What every run in one tree shares: id, services, options, registry, cancellation and the run timeout.</summary>
    private sealed class RunScope : IDisposable
    {
        private readonly CancellationTokenSource? _timeout;

        // When resuming: the recorded run's completed agent steps, and how often each step slot has been reached.
        private readonly Dictionary<string, StepRecord>? _replay;
        private readonly Dictionary<string, int>? _occurrences;

        public RunScope(
            IServiceProvider services,
            WorkflowRunOptions options,
            OrchestrationRegistry? registry,
            CancellationToken cancellationToken,
            string? resumedRunId = null,
            IReadOnlyList<StepRecord>? recordedSteps = null)
        {
            Services = services;
            Options = options;
            _registry = registry;
            RunId = resumedRunId ?? options.RunId ?? RunIds.New();
            if (recordedSteps is not null)
            {
                // Key: workflow path, step index and occurrence (a loop or a round runs the same step more than once).
                _replay = new Dictionary<string, StepRecord>(StringComparer.Ordinal);
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var step in recordedSteps.Where(s => s.Kind == "agent" && s.Status == "completed"))
                {
                    var slot = step.Path + "#" + step.Index;
                    seen[slot] = seen.TryGetValue(slot, out var count) ? count + 1 : 1;
                    _replay[slot + "#" + seen[slot]] = step;
                }

                _occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            CallerToken = cancellationToken;
            if (options.Timeout is { } timeout)
            {
                _timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _timeout.CancelAfter(timeout);
            }

            Token = _timeout?.Token ?? cancellationToken;
        }

        public string RunId { get; }

        public IServiceProvider Services { get; }

        public WorkflowRunOptions Options { get; }

        /// <summary>The registry: the one the run was started with, else the services' (looked up once, when first needed).</summary>
        public OrchestrationRegistry? Registry
        {
            get
            {
                if (_registry is null && !_registryLookedUp)
                {
                    _registry = Services.GetService(typeof(OrchestrationRegistry)) as OrchestrationRegistry;
                    _registryLookedUp = true;
                }

                return _registry;
            }
        }

        // Only the dynamic path needs the registry; generated runners never look it up.
        private OrchestrationRegistry? _registry;
        private bool _registryLookedUp;

        public CancellationToken CallerToken { get; }

        public CancellationToken Token { get; }

        public bool TimedOut => _timeout is { IsCancellationRequested: true } && !CallerToken.IsCancellationRequested;

        public void RecordStart(WorkflowDefinition workflow, object? input, Type inputType) =>
            Options.Store?.RunStarted(new RunRecord(
                RunId, workflow.Id, workflow.Strategy, "running", DateTimeOffset.UtcNow, null, ToJson(input, inputType),
                Array.Empty<StepRecord>(), Array.Empty<string>(), workflow.Fingerprint, workflow.Diagram));

        /// <summary>Whether this run resumes a recorded one.</summary>
        public bool Replaying => _replay is not null;

        /// <summary>
        /// Counts this call of step <paramref name="index"/> and, when the recorded run completed the same occurrence,
        /// restores its output. An output that cannot be read back is not restored: the step runs again.
        /// </summary>
        public bool TryRestore<T>(WorkflowRun run, int index, out StepRecord? recorded, out T output)
        {
            var slot = string.Join("/", run.Path) + "#" + index;
            int occurrence;
            lock (_occurrences!)
            {
                occurrence = _occurrences[slot] = _occurrences.TryGetValue(slot, out var count) ? count + 1 : 1;
            }

            output = default!;
            return _replay!.TryGetValue(slot + "#" + occurrence, out recorded) &&
                recorded.Output is { } json &&
                TryDeserialize(json, Options.RecordSerializer ?? Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions, out output);
        }

        public static bool TryDeserialize<T>(string json, System.Text.Json.JsonSerializerOptions options, out T value)
        {
            try
            {
                value = System.Text.Json.JsonSerializer.Deserialize(json, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)))!;
                return true;
            }
            catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or System.Text.Json.JsonException or InvalidCastException)
            {
                value = default!;
                return false;
            }
        }

        public void RecordStep(WorkflowRun run, StepResult result)
        {
            // Restored steps are already in the records of the run being resumed.
            if (Options.Store is not { } store || result.Restored)
            {
                return;
            }

            var output = result.Succeeded && result.Kind == StepKind.Agent ? ToJson(result.OutputValue, result.OutputValue?.GetType() ?? typeof(object)) : null;
            store.StepFinished(RunId, new StepRecord(
                string.Join("/", run.Path), result.Index, result.StepId, result.Kind == StepKind.Agent ? "agent" : "workflow",
                OrchestrationTelemetry.Status(result.Status), result.Duration.TotalMilliseconds, result.Attempts, result.Confidence,
                result.Usage, result.Cost, output, result.Error) { Log = result.Log });
        }

        public void RecordFinish(WorkflowResult result) =>
            Options.Store?.RunFinished(RunId, OrchestrationTelemetry.Status(result.Status), result.Errors);

        private string? ToJson(object? value, Type type)
        {
            if (value is null)
            {
                return "null";
            }

            try
            {
                var options = Options.RecordSerializer ?? Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions;
                return System.Text.Json.JsonSerializer.Serialize(value, options.GetTypeInfo(type));
            }
            catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or System.Text.Json.JsonException)
            {
                // No metadata for this type (a trimmed app without source-generated metadata): keep the record, without the value.
                return null;
            }
        }

        /// <summary>
        /// A source for one agent attempt's timeout, linked to <paramref name="parent"/>. Sources are reused between the
        /// steps of a run (reset after each), since creating a linked source and its timer per step dominated the
        /// engine's cost; concurrent steps each get their own.
        /// </summary>
        public Limit RentLimit(CancellationToken parent)
        {
            var spare = Interlocked.Exchange(ref _spare, null);
            if (spare is not null && spare.Parent == parent)
            {
                return spare;
            }

            spare?.Source.Dispose();
            return new Limit(CancellationTokenSource.CreateLinkedTokenSource(parent), parent);
        }

        /// <summary>Returns a source after its step: kept for the next step when it can be reset, disposed otherwise.</summary>
        public void ReturnLimit(Limit lease)
        {
            if (!lease.Source.TryReset())
            {
                lease.Source.Dispose();
                return;
            }

            Interlocked.Exchange(ref _spare, lease)?.Source.Dispose();
        }

        public void Dispose()
        {
            _timeout?.Dispose();
            Interlocked.Exchange(ref _spare, null)?.Source.Dispose();
        }

        private Limit? _spare;

        /// <summary>A timeout source and the token it is linked to.</summary>
        public sealed class Limit
        {
            public Limit(CancellationTokenSource source, CancellationToken parent)
            {
                Source = source;
                Parent = parent;
            }

            public CancellationTokenSource Source { get; }

            public CancellationToken Parent { get; }
        }
    }
}
