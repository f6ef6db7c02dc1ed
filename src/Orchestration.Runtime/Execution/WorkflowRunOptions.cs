using System;
using Orchestration.Records;

namespace Orchestration;

/// <summary>Options for one workflow run. A record: <c>options with { Store = store }</c> copies every option and changes one.</summary>
public sealed record WorkflowRunOptions
{
    private TimeSpan? _timeout;
    private int? _maxDegreeOfParallelism;
    private string? _runId;

    /// <summary>The options used when none are given.</summary>
    public static WorkflowRunOptions Default { get; } = new();

    /// <summary>
    /// The run id; defaults to a new sortable id. Letters, digits, '-', '_' and '.' only, so that it is safe as a
    /// directory name.
    /// </summary>
    /// <exception cref="ArgumentException">The id is empty or has other characters.</exception>
    public string? RunId
    {
        get => _runId;
        init
        {
            if (value is not null && !RunIds.IsValid(value))
            {
                throw new ArgumentException(
                    $"Run id '{value}' is not valid: use 1 to 128 letters, digits, '-', '_' or '.', not starting with '.'.",
                    nameof(value));
            }

            _runId = value;
        }
    }

    /// <summary>How long the whole run may take; <see langword="null"/> (the default) for no run-level limit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is not positive.</exception>
    public TimeSpan? Timeout
    {
        get => _timeout;
        init
        {
            if (value is { } t && t <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The run timeout must be positive.");
            }

            _timeout = value;
        }
    }

    /// <summary>What strategies do when a step fails. Defaults to <see cref="FailurePolicy.FailFast"/>.</summary>
    public FailurePolicy FailurePolicy { get; init; } = FailurePolicy.FailFast;

    /// <summary>How many steps of a fan-out may run at once; <see langword="null"/> (the default) for no limit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "MaxDegreeOfParallelism must be at least 1.");
            }

            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>Receives step progress as it happens (for console output or logging); <see langword="null"/> for none.</summary>
    public IProgress<StepResult>? Progress { get; init; }

    /// <summary>Where the run leaves its records (for example a <see cref="FileRunStore"/>); <see langword="null"/> for none.</summary>
    public IRunStore? Store { get; init; }

    /// <summary>
    /// How inputs and outputs are written into run records. Defaults to Microsoft.Extensions.AI's <c>AIJsonUtilities.DefaultOptions</c>;
    /// trimmed or AOT applications pass options with source-generated metadata. A value that cannot be serialized is
    /// recorded without its content, never fails the run.
    /// </summary>
    public System.Text.Json.JsonSerializerOptions? RecordSerializer { get; init; }

    /// <summary>What records are written and read with: <see cref="RecordSerializer"/>, else Microsoft.Extensions.AI's defaults.</summary>
    public System.Text.Json.JsonSerializerOptions EffectiveRecordSerializer => RecordSerializer ?? Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions;
}
