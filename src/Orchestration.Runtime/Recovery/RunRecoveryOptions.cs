using System;
using Orchestration.Records;

namespace Orchestration.Recovery;

/// <summary>How <see cref="RunRecoveryService"/> finds and continues runs.</summary>
public sealed class RunRecoveryOptions
{
    private TimeSpan _pollInterval = TimeSpan.FromSeconds(5);
    private int _maxConcurrency = 4;
    private int _maxRecoveries = 3;

    /// <summary>The store to watch; when <see langword="null"/>, the <see cref="IRunStore"/> registered in dependency injection.</summary>
    public IRunStore? Store { get; set; }

    /// <summary>
    /// How often the store is scanned (default 5 s). A timer known at the last scan wakes the service when it is due;
    /// one created since then is seen within this interval.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not positive.</exception>
    public TimeSpan PollInterval
    {
        get => _pollInterval;
        set => _pollInterval = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The poll interval must be positive.");
    }

    /// <summary>How many runs are continued at once (default 4); the others wait for a slot.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxConcurrency
    {
        get => _maxConcurrency;
        set => _maxConcurrency = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxConcurrency must be at least 1.");
    }

    /// <summary>
    /// How many times an interrupted run is recovered before the service gives up on it (default 3): a run that kills
    /// its process every time would otherwise be recovered forever. A run it gave up on is logged and left for
    /// <c>ResumeAsync</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxRecoveries
    {
        get => _maxRecoveries;
        set => _maxRecoveries = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxRecoveries must be at least 1.");
    }

    /// <summary>
    /// Whether runs that stopped because their store failed (a database restart, a full disk; recorded as failed with the
    /// store's error first, <see cref="RunRecord.StoppedByStoreFailure"/>) are continued like interrupted ones once the
    /// store works again (default <see langword="true"/>); they count towards <see cref="MaxRecoveries"/>. Runs that
    /// failed in their own steps are never continued by the service.
    /// </summary>
    public bool ContinueStoreFailures { get; set; } = true;

    /// <summary>
    /// Options for the continued runs (timeout, failure policy, fan-out limit, progress, and the record serializer, which
    /// must know the workflows' input and output types as the runs' first process did). Their store is replaced by the
    /// watched one.
    /// </summary>
    public WorkflowRunOptions RunOptions { get; set; } = new();

    /// <summary>
    /// How a run that can go on is continued. By default it is resumed here (<c>WorkflowRun.ResumeAsync</c> in this
    /// process, under the run's claim). A host that gives every run a home of its own (an Orleans grain per run, say) sets
    /// this to continue the run there, and returns how it ended or what it waits for (for the log). Exceptions are
    /// handled as for a run resumed here: <see cref="RunClaimedException"/> means a live writer has it.
    /// </summary>
    public Func<RunToContinue, System.Threading.CancellationToken, System.Threading.Tasks.Task<string>>? Continue { get; set; }
}

/// <summary>A run <see cref="RunRecoveryService"/> found that can go on, and why.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Workflow">The application's definition of its workflow.</param>
/// <param name="Reason"><c>interrupted</c>, <c>store failed</c>, <c>timer due</c> or <c>deadline passed</c>.</param>
/// <param name="Store">The store it is recorded in.</param>
public sealed record RunToContinue(string RunId, WorkflowDefinition Workflow, string Reason, IRunStore Store);
