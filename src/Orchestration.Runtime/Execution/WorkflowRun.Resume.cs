using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.Records;
using Orchestration.Recovery;

namespace Orchestration;

// Continuing a recorded run: resume after a stop, respond to a wait, continue when due. Every decision to continue is
// taken under the run's claim, on the record as read under it.
public sealed partial class WorkflowRun
{
    /// <summary>
    /// Resumes a stopped, failed or interrupted run from its records: its input is restored, steps that completed are
    /// not run again (their recorded outputs are restored), and the rest run under the same run id. A waiting run is
    /// continued only when its timer is due or its deadline passed.
    /// </summary>
    /// <param name="workflow">The workflow the run executed.</param>
    /// <param name="runId">The run to resume.</param>
    /// <param name="services">Where agents come from.</param>
    /// <param name="options">Run options; <see cref="WorkflowRunOptions.Store"/> must be the store the run was recorded in. When <see langword="null"/>, the application's (<c>services.AddOrchestration(o => o.UseStore(...))</c>).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ArgumentException">No store is set, in the options or the application's.</exception>
    /// <exception cref="RunClaimedException">Another writer holds the run.</exception>
    /// <exception cref="InvalidOperationException">The run cannot be resumed (completed, another workflow's, changed, waiting and not due); the message says why.</exception>
    public static async ValueTask<WorkflowResult<TOutput>> ResumeAsync<TInput, TOutput>(
        WorkflowDefinition<TInput, TOutput> workflow,
        string runId,
        IServiceProvider? services,
        WorkflowRunOptions? options,
        CancellationToken cancellationToken = default)
    {
        options = OrchestrationOptions.Resolve(options, services);
        var claim = ClaimToContinue(workflow, runId, options);
        var reason = ReasonToResume(claim, recovery: false);
        return await ContinueAsync(workflow, claim, services, options, reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resumes a run of a workflow known only as a <see cref="WorkflowDefinition"/> (for example looked up by the id in
    /// its record). The definition must be a generated one (typed); see <see cref="ResumeAsync{TInput, TOutput}"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No store is set, in the options or the application's.</exception>
    /// <exception cref="RunClaimedException">Another writer holds the run.</exception>
    /// <exception cref="InvalidOperationException">The run cannot be resumed; the message says why.</exception>
    public static ValueTask<WorkflowResult> ResumeAsync(
        WorkflowDefinition workflow,
        string runId,
        IServiceProvider? services,
        WorkflowRunOptions? options,
        CancellationToken cancellationToken = default) =>
        ResumeUntypedAsync(workflow, runId, services, options, recovery: false, cancellationToken);

    /// <summary>
    /// Continues a run that a recovery process found can go on: an interrupted run is resumed and recorded as a recovery
    /// (<see cref="RunRecoveryOptions.MaxRecoveries"/> counts them); a due timer or a passed deadline is continued. For hosts
    /// that continue runs where they live (see <see cref="RunRecoveryOptions.Continue"/>).
    /// </summary>
    /// <exception cref="ArgumentException">No store is set, in the options or the application's.</exception>
    /// <exception cref="RunClaimedException">Another writer holds the run.</exception>
    /// <exception cref="InvalidOperationException">The run cannot be continued (completed, changed, waiting and not due); the message says why.</exception>
    public static ValueTask<WorkflowResult> RecoverAsync(
        WorkflowDefinition workflow,
        string runId,
        IServiceProvider? services,
        WorkflowRunOptions? options,
        CancellationToken cancellationToken = default) =>
        ResumeUntypedAsync(workflow, runId, services, options, recovery: true, cancellationToken);

    internal static ValueTask<WorkflowResult> ResumeUntypedAsync(
        WorkflowDefinition workflow, string runId, IServiceProvider? services, WorkflowRunOptions? options, bool recovery, CancellationToken cancellationToken)
    {
        options = OrchestrationOptions.Resolve(options, services);
        var claim = ClaimToContinue(workflow, runId, options);
        var reason = ReasonToResume(claim, recovery);
        return workflow.ContinueUntypedAsync(claim, services, options, reason, cancellationToken);
    }

    /// <summary>
    /// Answers a waiting run: checks that it waits for a response of type <typeparamref name="TResponse"/>, that its
    /// deadline has not passed and that the request class accepts the response; records it; and continues the run in this
    /// process. A refused response changes nothing.
    /// </summary>
    /// <param name="workflow">The workflow the run executes.</param>
    /// <param name="runId">The waiting run.</param>
    /// <param name="response">The response.</param>
    /// <param name="services">Where agents (and the request class) come from.</param>
    /// <param name="options">Run options; <see cref="WorkflowRunOptions.Store"/> must be the store the run is recorded in. When <see langword="null"/>, the application's (<c>services.AddOrchestration(o => o.UseStore(...))</c>).</param>
    /// <param name="cancellationToken">Cancels the continued run.</param>
    /// <returns>The continued run's result: completed, failed, or waiting again at a later step.</returns>
    /// <exception cref="ArgumentException">No store is set, in the options or the application's.</exception>
    /// <exception cref="ResponseRefusedException">The response has the wrong type or was refused by the request class; nothing was recorded.</exception>
    /// <exception cref="RunClaimedException">Another writer holds the run.</exception>
    /// <exception cref="InvalidOperationException">The run is not waiting for a response, its deadline passed, or it cannot be continued; the message says why.</exception>
    public static async ValueTask<WorkflowResult<TOutput>> RespondAsync<TInput, TOutput, TResponse>(
        WorkflowDefinition<TInput, TOutput> workflow,
        string runId,
        TResponse response,
        IServiceProvider? services,
        WorkflowRunOptions? options,
        CancellationToken cancellationToken = default)
    {
        options = OrchestrationOptions.Resolve(options, services);
        var claim = ClaimAnswered(workflow, runId, response, services, options);
        return await ContinueAsync(workflow, claim, services, options, "respond", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers a waiting run of a workflow known only as a <see cref="WorkflowDefinition"/>, with a response whose type is
    /// checked when called; see <see cref="RespondAsync{TInput, TOutput, TResponse}"/>.
    /// </summary>
    /// <remarks>
    /// The response is checked and recorded before this method returns: a refusal is thrown by the call itself, not
    /// through the returned task, which only carries the continued run.
    /// </remarks>
    /// <param name="workflow">The workflow the run executes.</param>
    /// <param name="runId">The waiting run.</param>
    /// <param name="response">The response, of the type the run waits for.</param>
    /// <param name="services">Where agents (and the request class) come from.</param>
    /// <param name="options">Run options; <see cref="WorkflowRunOptions.Store"/> must be the store the run is recorded in. When <see langword="null"/>, the application's (<c>services.AddOrchestration(o => o.UseStore(...))</c>).</param>
    /// <param name="requestId">When given, the request the response answers: a run waiting on another request refuses it.</param>
    /// <param name="cancellationToken">Cancels the continued run.</param>
    /// <exception cref="ArgumentException">No store is set, in the options or the application's.</exception>
    /// <exception cref="ResponseRefusedException">The response has the wrong type or was refused; nothing was recorded.</exception>
    /// <exception cref="RunClaimedException">Another writer holds the run.</exception>
    /// <exception cref="InvalidOperationException">The run is not waiting for a response (or for that request), or cannot be continued.</exception>
    public static ValueTask<WorkflowResult> RespondAsync(
        WorkflowDefinition workflow,
        string runId,
        object? response,
        IServiceProvider? services,
        WorkflowRunOptions? options,
        string? requestId = null,
        CancellationToken cancellationToken = default)
    {
        options = OrchestrationOptions.Resolve(options, services);
        var claim = ClaimAnswered(workflow, runId, response, services, options, requestId);
        return workflow.ContinueUntypedAsync(claim, services, options, "respond", cancellationToken);
    }

    /// <summary>
    /// Answers a waiting run with a response given as JSON (from a file, a form, another system), read with
    /// <see cref="WorkflowRunOptions.RecordSerializer"/> into the type the run waits for; see
    /// <see cref="RespondAsync{TInput, TOutput, TResponse}"/>.
    /// </summary>
    /// <remarks>
    /// The response is checked and recorded before this method returns: a refusal is thrown by the call itself, not
    /// through the returned task, which only carries the continued run. A caller that must answer at once (a web
    /// request) can reply when the call returns and let the continued run go on.
    /// </remarks>
    /// <param name="workflow">The workflow the run executes.</param>
    /// <param name="runId">The waiting run.</param>
    /// <param name="responseJson">The response as JSON.</param>
    /// <param name="services">Where agents (and the request class) come from.</param>
    /// <param name="options">Run options; <see cref="WorkflowRunOptions.Store"/> must be the store the run is recorded in. When <see langword="null"/>, the application's (<c>services.AddOrchestration(o => o.UseStore(...))</c>).</param>
    /// <param name="requestId">When given, the request the response answers: a run waiting on another request refuses it.</param>
    /// <param name="cancellationToken">Cancels the continued run.</param>
    /// <exception cref="ArgumentException">No store is set, in the options or the application's.</exception>
    /// <exception cref="ResponseRefusedException">The JSON is not a response of the awaited type, or was refused; nothing was recorded.</exception>
    /// <exception cref="RunClaimedException">Another writer holds the run.</exception>
    /// <exception cref="InvalidOperationException">The run is not waiting for a response, or cannot be continued.</exception>
    public static ValueTask<WorkflowResult> RespondWithJsonAsync(
        WorkflowDefinition workflow,
        string runId,
        string responseJson,
        IServiceProvider? services,
        WorkflowRunOptions? options,
        string? requestId = null,
        CancellationToken cancellationToken = default)
    {
        if (responseJson is null)
        {
            throw new ArgumentNullException(nameof(responseJson));
        }

        // The JSON is read as the type the run waits for, which only the record under the claim says.
        options = OrchestrationOptions.Resolve(options, services);
        var claim = ClaimToContinue(workflow, runId, options);
        object? response;
        try
        {
            var (wait, request) = AwaitedRequest(workflow, claim.Record, requestId);
            try
            {
                response = System.Text.Json.JsonSerializer.Deserialize(responseJson, options.EffectiveRecordSerializer.GetTypeInfo(request.ResponseType));
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
            {
                throw new ResponseRefusedException(
                    $"The response to '{wait.StepId}' in run '{runId}' is not a {request.ResponseType.FullName} in JSON: {ex.Message}", runId, wait.StepId, ex);
            }

            RecordResponse(workflow, claim, response, services, options, requestId);
        }
        catch
        {
            claim.Dispose();
            throw;
        }

        return workflow.ContinueUntypedAsync(claim, services, options, "respond", cancellationToken);
    }

    /// <summary>Claims a run to answer it and records <paramref name="response"/>; throws, releasing the claim and writing nothing, when it does not fit.</summary>
    private static IRunClaim ClaimAnswered(WorkflowDefinition workflow, string runId, object? response, IServiceProvider? services, WorkflowRunOptions options, string? requestId = null)
    {
        var claim = ClaimToContinue(workflow, runId, options);
        try
        {
            RecordResponse(workflow, claim, response, services, options, requestId);
            return claim;
        }
        catch
        {
            claim.Dispose();
            throw;
        }
    }

    /// <summary>Continues a claimed run whose record was checked: restores the input and runs the workflow, replaying its records.</summary>
    internal static async ValueTask<WorkflowResult<TOutput>> ContinueAsync<TInput, TOutput>(
        WorkflowDefinition<TInput, TOutput> workflow, IRunClaim claim, IServiceProvider? services, WorkflowRunOptions options, string reason,
        CancellationToken cancellationToken)
    {
        // Read before the claim records that the run continues: a passed deadline or a due timer is kept from here.
        var record = claim.Record;
        TInput input;
        try
        {
            if (record.Input is null || !RunScope.TryDeserialize(record.Input, options.EffectiveRecordSerializer, out input))
            {
                throw new InvalidOperationException(
                    $"The input of run '{claim.RunId}' was not recorded in a form that can be read back (its type has no JSON metadata in WorkflowRunOptions.RecordSerializer); it cannot be continued. " +
                    "Set RecordSerializer to options that know the input type (for example a source-generated JsonSerializerContext) before starting runs you may continue.");
            }

            claim.Continue(reason);
        }
        catch
        {
            claim.Dispose();
            throw;
        }

        using var scope = new RunScope(services ?? EmptyServiceProvider.Instance, options, registry: null, cancellationToken, claim.RunId, claim, record);
        var run = new WorkflowRun(workflow, scope, parent: null);
        return await Traced(run, topLevel: true, (workflow, input, scope.Token), static (state, run) => state.workflow.ExecuteAsync(state.input, run, state.Token)).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims a run to continue it and checks, under the claim, that <paramref name="workflow"/> may continue it: same
    /// workflow, same definition, not completed. Anything else releases the claim and throws.
    /// </summary>
    private static IRunClaim ClaimToContinue(WorkflowDefinition workflow, string runId, WorkflowRunOptions options)
    {
        if (workflow is null || options is null)
        {
            throw new ArgumentNullException(workflow is null ? nameof(workflow) : nameof(options));
        }

        var store = options.Store ?? throw new ArgumentException(
            "Resuming or answering a run needs the store the run was recorded in: set WorkflowRunOptions.Store, or register it for the application with services.AddOrchestration(o => o.UseStore(store)) and pass the services.",
            nameof(options));
        var claim = store.Claim(runId);
        try
        {
            var record = claim.Record;
            if (record.WorkflowId != workflow.Id)
            {
                throw new InvalidOperationException($"Run '{runId}' is a run of workflow '{record.WorkflowId}', not '{workflow.Id}'.");
            }

            if (record.Status == "completed")
            {
                throw new InvalidOperationException($"Run '{runId}' already completed; there is nothing to continue.");
            }

            if (record.Fingerprint != workflow.Fingerprint)
            {
                throw new InvalidOperationException(
                    $"Workflow '{workflow.Id}' changed since run '{runId}' started (fingerprint {record.Fingerprint ?? "none"} then, {workflow.Fingerprint} now), " +
                    "so its recorded results may not fit the steps; start a new run instead.");
            }

            return claim;
        }
        catch
        {
            claim.Dispose();
            throw;
        }
    }

    /// <summary>Why a claimed run is resumed, or (releasing the claim) why it may not be yet.</summary>
    private static string ReasonToResume(IRunClaim claim, bool recovery)
    {
        var record = claim.Record;
        if (record.Status != "waiting" || record.Wait is not { } wait)
        {
            return recovery ? "recovery" : "resume";
        }

        if (wait.IsDue(DateTimeOffset.UtcNow))
        {
            return wait.Kind == RunWait.Timer ? "timer" : "deadline";
        }

        claim.Dispose();
        throw new InvalidOperationException(wait.Kind == RunWait.Timer
            ? $"Run '{record.RunId}' waits until {wait.DueAt:O} ({wait}); it continues when that time comes (the recovery service continues it), not before."
            : $"Run '{record.RunId}' is waiting for a response to '{wait.StepId}' ({wait}); answer it with the workflow's RespondAsync, which continues the run." +
              (wait.DueAt is { } deadline ? $" Its deadline is {deadline:O}." : string.Empty));
    }

    /// <summary>Checks a response against what the claimed run waits for and records it; throws, writing nothing, when it does not fit.</summary>
    private static void RecordResponse(WorkflowDefinition workflow, IRunClaim claim, object? response, IServiceProvider? services, WorkflowRunOptions options, string? requestId)
    {
        var (wait, request) = AwaitedRequest(workflow, claim.Record, requestId);
        var runId = claim.RunId;
        if (response is null || !request.ResponseType.IsInstanceOfType(response))
        {
            throw new ResponseRefusedException(
                $"Run '{runId}' waits for a response to '{wait.StepId}' of type {request.ResponseType.FullName}, not {(response is null ? "null" : response.GetType().FullName)}.", runId, wait.StepId);
        }

        var now = DateTimeOffset.UtcNow;
        if (wait.IsDue(now))
        {
            throw new InvalidOperationException(
                $"The deadline of '{wait.StepId}' in run '{runId}' passed at {wait.DueAt:O}, so the response is refused. " +
                "The run continues with the deadline's outcome when it is continued (by the recovery service, or ResumeAsync).");
        }

        var refusal = request.Check(services ?? EmptyServiceProvider.Instance, wait.Request, response, options.EffectiveRecordSerializer, out var responseJson);
        if (refusal is not null)
        {
            throw new ResponseRefusedException($"The response to '{wait.StepId}' in run '{runId}' was refused: {refusal}.", runId, wait.StepId);
        }

        claim.Responded(new StepRecord(
            wait.Path, wait.Index, wait.StepId, "wait", "completed", (now - wait.Since).TotalMilliseconds, 1, null, TokenUsage.None, null, responseJson, null)
        {
            Request = wait.Request,
        });
    }

    /// <summary>What the run in <paramref name="record"/> waits for, and the input request declared at that step of <paramref name="workflow"/>.</summary>
    private static (RunWait Wait, InputRequestDefinition Request) AwaitedRequest(WorkflowDefinition workflow, RunRecord record, string? requestId)
    {
        if (record.Status != "waiting" || record.Wait is not { } wait)
        {
            throw new InvalidOperationException(
                $"Run '{record.RunId}' is not waiting for a response (its status is '{record.Status}'); only a run waiting on an input request can be answered.");
        }

        if (wait.Kind != RunWait.Input)
        {
            throw new InvalidOperationException($"Run '{record.RunId}' waits for a time ({wait}), not for a response; it continues when that time comes.");
        }

        if (requestId is not null && requestId != wait.StepId)
        {
            throw new InvalidOperationException($"Run '{record.RunId}' waits for a response to '{wait.StepId}', not to '{requestId}'; answer the request it waits for.");
        }

        // The path names workflows, and a loop's iteration n as "id[n]".
        var owner = workflow;
        var path = wait.Path.Split('/');
        for (var i = 1; i < path.Length && owner is not null; i++)
        {
            owner = FindNested(owner, path[i]) ?? FindNested(owner, WithoutIteration(path[i]));
        }

        if (owner is null || (path[0] != workflow.Id && WithoutIteration(path[0]) != workflow.Id) || wait.Index < 1 || wait.Index > owner.Steps.Count || owner.Steps[wait.Index - 1].Request is not { } request)
        {
            throw new InvalidOperationException(
                $"Run '{record.RunId}' waits at step {wait.Index} of '{wait.Path}', but workflow '{workflow.Id}' has no wait step there; the record does not belong to this definition.");
        }

        return (wait, request);

        static string WithoutIteration(string segment)
        {
            var open = segment.LastIndexOf('[');
            return open > 0 && segment.EndsWith("]", StringComparison.Ordinal) && segment.Length > open + 2 &&
                segment.Substring(open + 1, segment.Length - open - 2).All(char.IsDigit)
                ? segment.Substring(0, open)
                : segment;
        }

        static WorkflowDefinition? FindNested(WorkflowDefinition parent, string id)
        {
            foreach (var step in parent.Steps)
            {
                if (step.Kind == StepKind.Workflow && step.TargetId == id && step.Definition is { } nested)
                {
                    return nested;
                }
            }

            return null;
        }
    }
}
