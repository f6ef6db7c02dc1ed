using System;

namespace Orchestration;

/// <summary>What one step of a run did.</summary>
public abstract class StepResult
{
    private protected StepResult(
        int index,
        string stepId,
        StepKind kind,
        StepStatus status,
        double? confidence,
        TimeSpan duration,
        int attempts,
        string? error,
        Exception? exception,
        WorkflowResult? nested,
        TokenUsage? usage,
        decimal? cost)
    {
        Index = index;
        StepId = stepId;
        Kind = kind;
        Status = status;
        Confidence = confidence;
        Duration = duration;
        Attempts = attempts;
        Usage = usage ?? nested?.Usage ?? TokenUsage.None;
        cost ??= nested?.Cost;
        if (error is not null || exception is not null || nested is not null || cost is not null)
        {
            _details = new Details { Error = error, Exception = exception, Nested = nested, Cost = cost };
        }
    }

    // What most steps do not have, kept apart so that a plain completed step stays small (one allocation, no empty fields).
    private Details? _details;

    /// <summary>The step's 1-based position in its workflow.</summary>
    public int Index { get; }

    /// <summary>The id of the template or workflow the step ran.</summary>
    public string StepId { get; }

    /// <summary>Whether the step ran an agent or a nested workflow.</summary>
    public StepKind Kind { get; }

    /// <summary>How the step ended.</summary>
    public StepStatus Status { get; }

    /// <summary><see langword="true"/> when the step completed.</summary>
    public bool Succeeded => Status == StepStatus.Completed;

    /// <summary>The confidence the agent reported, if any.</summary>
    public double? Confidence { get; }

    /// <summary>How long the step took, including every attempt.</summary>
    public TimeSpan Duration { get; }

    /// <summary>How many times the step was attempted.</summary>
    public int Attempts { get; }

    /// <summary>Why the step did not complete, or <see langword="null"/> when it did.</summary>
    public string? Error => _details?.Error;

    /// <summary>The exception that ended the step, if any.</summary>
    public Exception? Exception => _details?.Exception;

    /// <summary>For a workflow step, the nested workflow's own result.</summary>
    public WorkflowResult? Nested => _details?.Nested;

    /// <summary>Tokens the step consumed (for a workflow step, its nested workflow's total), failed attempts included.</summary>
    public TokenUsage Usage { get; }

    /// <summary>What the step cost, when a price table knew its model; <see langword="null"/> otherwise.</summary>
    public decimal? Cost => _details?.Cost;

    /// <summary>Whether the step was not run but restored from the records of the run being resumed.</summary>
    public bool Restored { get; init; }

    /// <summary>Whether the step wrote its own record (a wait's answer, with its request), so the engine does not write another.</summary>
    internal bool Written { get; init; }

    /// <summary>What the agent logged while running this step, over all attempts (see <see cref="AgentContext.Log"/>).</summary>
    public System.Collections.Generic.IReadOnlyList<StepLogEntry> Log
    {
        get => _details?.Log ?? System.Array.Empty<StepLogEntry>();
        internal set => (_details ??= new Details()).Log = value;
    }

    /// <summary>The step's output as an object (<see langword="null"/> when it did not complete).</summary>
    public abstract object? OutputValue { get; }

    /// <inheritdoc />
    public override string ToString() => Restored
        ? $"Step {Index} '{StepId}': {Status}, restored from the run's records"
        : Error is null
            ? $"Step {Index} '{StepId}': {Status} in {Duration.TotalMilliseconds:0.###} ms"
            : $"Step {Index} '{StepId}': {Status}: {Error}";

    private sealed class Details
    {
        public string? Error { get; init; }

        public Exception? Exception { get; init; }

        public WorkflowResult? Nested { get; init; }

        public decimal? Cost { get; init; }

        public System.Collections.Generic.IReadOnlyList<StepLogEntry>? Log { get; set; }
    }
}

/// <summary>What one step of a run did, with its typed output.</summary>
/// <typeparam name="T">The step's output type.</typeparam>
public sealed class StepResult<T> : StepResult
{
    /// <summary>Creates a step result. Used by the run engine and by custom strategies.</summary>
    public StepResult(
        int index,
        string stepId,
        StepKind kind,
        StepStatus status,
        T? output,
        double? confidence,
        TimeSpan duration,
        int attempts,
        string? error = null,
        Exception? exception = null,
        WorkflowResult? nested = null,
        TokenUsage? usage = null,
        decimal? cost = null)
        : base(index, stepId, kind, status, confidence, duration, attempts, error, exception, nested, usage, cost)
    {
        Output = output;
    }

    /// <summary>The step's output; <see langword="default"/> when the step did not complete.</summary>
    public T? Output { get; }

    /// <inheritdoc />
    public override object? OutputValue => Output;
}
