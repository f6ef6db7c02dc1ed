using System;
using System.Collections.Generic;
using System.Linq;
using Orchestration.Records;

namespace Orchestration;

/// <summary>What a workflow run did: status, every step's result, errors and duration.</summary>
public abstract class WorkflowResult
{
    private protected WorkflowResult(
        string workflowId,
        string runId,
        WorkflowStatus status,
        IReadOnlyList<StepResult> steps,
        StepResult? failedStep,
        IReadOnlyList<string> errors,
        TimeSpan duration,
        RunWait? wait)
    {
        Wait = wait;
        WorkflowId = workflowId;
        RunId = runId;
        Status = status;
        Steps = steps;
        FailedStep = failedStep;
        Errors = errors;
        Duration = duration;
    }

    /// <summary>The workflow's id.</summary>
    public string WorkflowId { get; }

    /// <summary>The run's id.</summary>
    public string RunId { get; }

    /// <summary>How the run ended.</summary>
    public WorkflowStatus Status { get; }

    /// <summary>
    /// When <see cref="Status"/> is <see cref="WorkflowStatus.Waiting"/>: what the run waits for (a response to an input
    /// request, with the request and its deadline, or a time); otherwise <see langword="null"/>.
    /// </summary>
    public RunWait? Wait { get; }

    /// <summary><see langword="true"/> only when the run completed.</summary>
    public bool Succeeded => Status == WorkflowStatus.Completed;

    /// <summary>The results of the steps that ran, in declaration order.</summary>
    public IReadOnlyList<StepResult> Steps { get; }

    /// <summary>The step that made the run fail, or <see langword="null"/>.</summary>
    public StepResult? FailedStep { get; }

    /// <summary>One message per step that did not complete, root cause first.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Wall-clock duration of the run.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Tokens the run consumed, over every step (nested workflows included).</summary>
    public TokenUsage Usage => Steps.Aggregate(TokenUsage.None, (total, step) => total + step.Usage);

    /// <summary>What the run cost, over the steps whose model had a price; <see langword="null"/> when none had one.</summary>
    public decimal? Cost => Steps.Any(s => s.Cost is not null) ? Steps.Sum(s => s.Cost ?? 0m) : null;

    /// <summary>The output as an object, or <see langword="null"/> when the run did not complete.</summary>
    public abstract object? OutputValue { get; }

    /// <summary>This result as failed with <paramref name="error"/> first: the run could not go on (its store failed).</summary>
    internal abstract WorkflowResult WithFailure(string error);

    /// <inheritdoc />
    public override string ToString() => Status switch
    {
        WorkflowStatus.Completed => $"Workflow '{WorkflowId}' completed in {Duration.TotalMilliseconds:0.###} ms ({Steps.Count} steps)",
        WorkflowStatus.Waiting => $"Workflow '{WorkflowId}' (run {RunId}) is waiting: {Wait}",
        _ => $"Workflow '{WorkflowId}' {Status.ToString().ToLowerInvariant()}: {string.Join("; ", Errors)}",
    };
}

/// <summary>What a workflow run did, with its typed output.</summary>
/// <typeparam name="T">The workflow's output type.</typeparam>
public sealed class WorkflowResult<T> : WorkflowResult
{
    private readonly T? _output;

    /// <summary>Creates a result. Used by the run engine and by custom strategies.</summary>
    public WorkflowResult(
        string workflowId,
        string runId,
        WorkflowStatus status,
        T? output,
        IReadOnlyList<StepResult> steps,
        StepResult? failedStep,
        IReadOnlyList<string> errors,
        TimeSpan duration,
        RunWait? wait = null)
        : base(workflowId, runId, status, steps, failedStep, errors, duration, wait)
    {
        _output = output;
    }

    /// <summary>The workflow's output.</summary>
    /// <exception cref="WorkflowFailedException">The run did not complete; the exception carries this result.</exception>
    public T Output => Succeeded ? _output! : throw new WorkflowFailedException(this);

    /// <summary>Gets the output when the run completed.</summary>
    public bool TryGetOutput(out T output)
    {
        output = _output!;
        return Succeeded;
    }

    /// <inheritdoc />
    public override object? OutputValue => Succeeded ? _output : null;

    internal override WorkflowResult WithFailure(string error) =>
        new WorkflowResult<T>(WorkflowId, RunId, WorkflowStatus.Failed, default, Steps, FailedStep, new[] { error }.Concat(Errors).ToArray(), Duration);
}
