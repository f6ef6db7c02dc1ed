using System;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration;

/// <summary>
/// An input request as a workflow definition refers to it: id, description, deadline, request and response types. The
/// generator emits one (<see cref="InputRequestDefinition{TRequest, TResponse}"/>) per <see cref="InputRequestAttribute"/>.
/// </summary>
public abstract class InputRequestDefinition
{
    private protected InputRequestDefinition(string id, string? description, TimeSpan? deadline, Type requestType, Type responseType)
    {
        Id = OrchestrationIds.Validate(id, "Input request id", nameof(id));
        if (deadline is { } d && d <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(deadline), deadline, $"Input request '{id}': the deadline must be positive (or null for none).");
        }

        Description = description ?? string.Empty;
        Deadline = deadline;
        RequestType = requestType;
        ResponseType = responseType;
    }

    /// <summary>The request id.</summary>
    public string Id { get; }

    /// <summary>What the request asks for.</summary>
    public string Description { get; }

    /// <summary>How long a run waits for the response; <see langword="null"/> for no deadline.</summary>
    public TimeSpan? Deadline { get; }

    /// <summary>What the run sends.</summary>
    public Type RequestType { get; }

    /// <summary>What the run waits for.</summary>
    public Type ResponseType { get; }

    /// <summary>What the wait step hands to the next step: <see cref="Answered{TRequest, TResponse}"/> of the two types.</summary>
    public abstract Type AnsweredType { get; }

    /// <summary>
    /// Checks a response to a recorded request (<paramref name="requestJson"/>) with the request class's
    /// <see cref="InputRequest{TRequest, TResponse}.Validate"/>, and writes it as JSON for the record. Returns why it is
    /// refused, or <see langword="null"/>.
    /// </summary>
    internal abstract string? Check(IServiceProvider services, string? requestJson, object? response, System.Text.Json.JsonSerializerOptions serializer, out string? responseJson);

    /// <summary>Runs the wait as step <paramref name="index"/> of <paramref name="run"/>, with an input only known at run time.</summary>
    internal abstract ValueTask<StepResult> AwaitUntypedAsync(WorkflowRun run, int index, object? input, CancellationToken cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({RequestType.Name} → {ResponseType.Name})";
}

/// <summary>An input request with its request and response types, and the class that checks responses and decides deadlines.</summary>
/// <typeparam name="TRequest">What the run sends.</typeparam>
/// <typeparam name="TResponse">What the run waits for.</typeparam>
public sealed class InputRequestDefinition<TRequest, TResponse> : InputRequestDefinition, IChainStep<TRequest, Answered<TRequest, TResponse>>
{
    private WorkflowStep? _step;

    /// <summary>This request as a chain step: the run waits for a response to the previous step's output.</summary>
    WorkflowStep IChainStep.Step => _step ??= WorkflowStep.Await(this);

    // A wait returns at once when it records its request: the step is not Succeeded, and Fail makes the run Waiting.
    ValueTask<StepResult<Answered<TRequest, TResponse>>> IChainStep<TRequest, Answered<TRequest, TResponse>>.RunAsync(WorkflowRun run, int index, TRequest input, object? handoff, CancellationToken cancellationToken) =>
        run.AwaitResponseAsync(index, this, input, cancellationToken);

    private readonly Func<IServiceProvider, InputRequest<TRequest, TResponse>>? _handler;

    /// <summary>Creates a definition (the generator's code; or by hand for workflows registered at run time).</summary>
    /// <param name="id">The request id.</param>
    /// <param name="handler">Creates the request class from the application's services; <see langword="null"/> to accept every response and time out at the deadline.</param>
    /// <param name="deadline">How long a run waits; <see langword="null"/> for no deadline.</param>
    /// <param name="description">What the request asks for.</param>
    /// <exception cref="ArgumentException">The id is empty or the deadline is not positive.</exception>
    public InputRequestDefinition(string id, Func<IServiceProvider, InputRequest<TRequest, TResponse>>? handler = null, TimeSpan? deadline = null, string? description = null)
        : base(id, description, deadline, typeof(TRequest), typeof(TResponse))
    {
        _handler = handler;
    }

    /// <inheritdoc />
    public override Type AnsweredType => typeof(Answered<TRequest, TResponse>);

    /// <summary>The request class for one response or deadline, or <see langword="null"/> when none was given.</summary>
    internal InputRequest<TRequest, TResponse>? CreateHandler(IServiceProvider services) => _handler?.Invoke(services);

    internal override string? Check(IServiceProvider services, string? requestJson, object? response, System.Text.Json.JsonSerializerOptions serializer, out string? responseJson)
    {
        responseJson = null;
        var typed = (TResponse)response!;
        if (_handler is not null)
        {
            if (requestJson is null || !WorkflowRun.TryReadRecorded(requestJson, serializer, out TRequest request))
            {
                return $"the recorded request cannot be read back as {typeof(TRequest).FullName} to check the response (its type needs JSON metadata in WorkflowRunOptions.RecordSerializer)";
            }

            string? refusal;
            try
            {
                refusal = _handler(services).Validate(request, typed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return $"{typeof(InputRequest<TRequest, TResponse>).Name}.Validate threw {ex.GetType().Name}: {ex.Message}";
            }

            if (refusal is not null)
            {
                return refusal;
            }
        }

        try
        {
            responseJson = System.Text.Json.JsonSerializer.Serialize(typed, serializer.GetTypeInfo(typeof(TResponse)));
            return null;
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return $"it cannot be recorded: {typeof(TResponse).FullName} has no JSON metadata in WorkflowRunOptions.RecordSerializer ({ex.Message})";
        }
    }

    internal override async ValueTask<StepResult> AwaitUntypedAsync(WorkflowRun run, int index, object? input, CancellationToken cancellationToken) =>
        await run.AwaitResponseAsync(index, this, (TRequest)input!, cancellationToken).ConfigureAwait(false);
}
