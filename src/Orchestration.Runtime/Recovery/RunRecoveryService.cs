using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestration.Records;
using Orchestration.Telemetry;

namespace Orchestration.Recovery;

/// <summary>
/// Continues the runs of a store that can go on without anyone asking: runs interrupted by a crash or a kill (status
/// <c>running</c>, no live writer), runs whose timer is due, and runs whose input request's deadline passed. It scans
/// when the host starts and then periodically, continues what it finds with bounded concurrency (each run under its
/// claim, so several processes can run the service on one store), and logs what it does and what it skips: runs of
/// workflows this application does not have, runs whose workflow changed, and runs recovered too often.
/// Register it with <see cref="RunRecoveryServiceCollectionExtensions.AddRunRecovery"/>.
/// </summary>
/// <remarks>
/// When the host stops, the service stops scanning and waits for the runs it is continuing until the host's shutdown
/// timeout; a run still going when the process exits is interrupted, and recovered by the next process that watches
/// the store. It never cancels a run to stop: that would record it as cancelled, which is not recovered.
/// </remarks>
public sealed class RunRecoveryService : BackgroundService
{
    private static readonly Action<ILogger, string, string, string, string, Exception?> ContinuedRun =
        LoggerMessage.Define<string, string, string, string>(LogLevel.Information, new EventId(1, "RunContinued"), "Continued run {RunId} of workflow {WorkflowId} ({Reason}): {Status}");

    private static readonly Action<ILogger, string, string, string, Exception?> SkippedRun =
        LoggerMessage.Define<string, string, string>(LogLevel.Warning, new EventId(2, "RunSkipped"), "Skipped run {RunId} of workflow {WorkflowId}: {Reason}");

    private static readonly Action<ILogger, string, string, Exception?> ContinueFailed =
        LoggerMessage.Define<string, string>(LogLevel.Error, new EventId(3, "RunContinueFailed"), "Could not continue run {RunId} of workflow {WorkflowId}");

    private static readonly Action<ILogger, string, Exception?> ScanFailed =
        LoggerMessage.Define<string>(LogLevel.Error, new EventId(4, "ScanFailed"), "Could not scan the run store for runs to continue: {Message}");

    private static readonly Action<ILogger, string, string, Exception?> HeldElsewhere =
        LoggerMessage.Define<string, string>(LogLevel.Debug, new EventId(5, "RunHeld"), "Run {RunId} is being written by another writer: {Message}");

    // Why a run is continued, as logged and handed to RunRecoveryOptions.Continue.
    private const string Interrupted = "interrupted";
    private const string StoreFailed = "store failed";

    private readonly IServiceProvider _services;
    private readonly RunRecoveryOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots;
    private TaskCompletionSource<bool> _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the service over the application's services (its registry and, unless the options name one, its store).</summary>
    /// <param name="services">The application's services: the generated <c>AddOrchestration()</c> registrations at least.</param>
    /// <param name="options">What to watch and how.</param>
    public RunRecoveryService(IServiceProvider services, RunRecoveryOptions options)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger<RunRecoveryService>() ?? NullLogger.Instance;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
    }

    /// <summary>
    /// Scans the store once and continues every run that can go on, waiting until they end (or wait again). Returns what
    /// was done, and when the next known timer or deadline is due.
    /// </summary>
    /// <param name="cancellationToken">Stops the scan; runs already continuing are not cancelled.</param>
    /// <exception cref="InvalidOperationException">No store is configured or registered, or the application has no registry.</exception>
    public async Task<RecoveryPass> RecoverOnceAsync(CancellationToken cancellationToken = default)
    {
        var (started, skipped, nextDue) = Scan(cancellationToken);
        var continued = new List<(string RunId, string Outcome)>();
        foreach (var outcome in await Task.WhenAll(started).ConfigureAwait(false))
        {
            if (outcome.Skip is { } why)
            {
                skipped.Add((outcome.RunId, why));
            }
            else
            {
                continued.Add((outcome.RunId, outcome.Status!));
            }
        }

        return new RecoveryPass(continued, skipped, nextDue);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref _wake).Task;
            DateTimeOffset? nextDue;
            try
            {
                nextDue = Scan(stoppingToken).NextDue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                ScanFailed(_logger, ex.Message, ex);
                nextDue = null;
            }

            var delay = _options.PollInterval;
            if (nextDue is { } due && due - DateTimeOffset.UtcNow < delay)
            {
                delay = due - DateTimeOffset.UtcNow;
            }

            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.WhenAny(wake, Task.Delay(delay, stoppingToken)).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Stops scanning, then waits for the runs being continued until <paramref name="cancellationToken"/> (the host's shutdown timeout).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var running = Task.WhenAll(_inFlight.Values.ToArray());
        await Task.WhenAny(running, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    /// <summary>Finds the runs that can go on and starts continuing them (each waits for a free slot); returns the started continuations, the skips and the next due time.</summary>
    private (List<Task<Outcome>> Started, List<(string RunId, string Reason)> Skipped, DateTimeOffset? NextDue) Scan(CancellationToken cancellationToken)
    {
        var store = _options.Store ?? _services.GetService<IRunStore>() ?? throw new InvalidOperationException(
            "RunRecoveryService has no run store to watch: set RunRecoveryOptions.Store in AddRunRecovery, or register an IRunStore.");
        var registry = _services.GetService<OrchestrationRegistry>() ?? throw new InvalidOperationException(
            "RunRecoveryService needs the application's workflows: call the generated services.AddOrchestration() before building the service provider.");

        var now = DateTimeOffset.UtcNow;
        var started = new List<Task<Outcome>>();
        var skipped = new List<(string RunId, string Reason)>();
        DateTimeOffset? nextDue = null;
        foreach (var stored in store.List())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (stored.Record is not { } record || _inFlight.ContainsKey(record.RunId) ||
                (record.IsFinished && !(_options.ContinueStoreFailures && record.StoppedByStoreFailure)))
            {
                continue;
            }

            string reason;
            if (record.IsFinished)
            {
                reason = StoreFailed;
            }
            else if (record.Status == "waiting")
            {
                if (record.Wait is not { } wait || !wait.IsDue(now))
                {
                    if (record.Wait?.DueAt is { } due && (nextDue is null || due < nextDue))
                    {
                        nextDue = due;
                    }

                    continue;
                }

                reason = wait.Kind == RunWait.Timer ? "timer due" : "deadline passed";
            }
            else
            {
                reason = Interrupted;
            }

            if (WhyNot(store, registry, record, reason) is { } why)
            {
                skipped.Add((record.RunId, why));
                Report(record, why);
                continue;
            }

            var definition = registry.Workflows.Get(record.WorkflowId);
            var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = ContinueAsync(store, definition, record, reason, gate.Task);
            if (!_inFlight.TryAdd(record.RunId, task))
            {
                // Being continued already (by a concurrent scan); this continuation never starts.
                gate.SetResult(false);
                continue;
            }

            gate.SetResult(true);
            started.Add(task);
        }

        return (started, skipped, nextDue);
    }

    /// <summary>Why a run that could go on is left alone, or <see langword="null"/> to continue it.</summary>
    private string? WhyNot(IRunStore store, OrchestrationRegistry registry, RunRecord record, string reason)
    {
        if (!registry.Workflows.TryGet(record.WorkflowId, out var definition))
        {
            return $"this application has no workflow '{record.WorkflowId}'";
        }

        if (definition.Fingerprint != record.Fingerprint)
        {
            return $"workflow '{record.WorkflowId}' changed since the run started (fingerprint {record.Fingerprint ?? "none"} then, {definition.Fingerprint} now); its records may not fit, so it is not continued";
        }

        if (reason is Interrupted or StoreFailed)
        {
            var recoveries = store.ReadEvents(record.RunId).Count(e => e.Kind == RunEventKind.Resumed && e.Detail == "recovery");
            if (recoveries >= _options.MaxRecoveries)
            {
                return $"it was recovered {recoveries} times and was interrupted again each time (RunRecoveryOptions.MaxRecoveries); find out why, then continue it with ResumeAsync";
            }
        }

        return null;
    }

    private async Task<Outcome> ContinueAsync(IRunStore store, WorkflowDefinition definition, RunRecord record, string reason, Task<bool> gate)
    {
        if (!await gate.ConfigureAwait(false))
        {
            return new Outcome(record.RunId, null, "it is being continued already");
        }

        await _slots.WaitAsync().ConfigureAwait(false);
        try
        {
            string status;
            if (_options.Continue is { } elsewhere)
            {
                status = await elsewhere(new RunToContinue(record.RunId, definition, reason, store), CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                var result = await WorkflowRun.ResumeUntypedAsync(
                    definition, record.RunId, _services, _options.RunOptions with { Store = store, RunId = null }, recovery: reason is Interrupted or StoreFailed, CancellationToken.None).ConfigureAwait(false);
                status = result.Status == WorkflowStatus.Waiting ? $"waiting ({result.Wait})" : OrchestrationTelemetry.Status(result.Status);
                if (result.Wait?.DueAt is not null)
                {
                    // A timer or deadline this service now knows of: rescan in time for it.
                    Interlocked.Exchange(ref _wake, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(true);
                }
            }

            ContinuedRun(_logger, record.RunId, record.WorkflowId, reason, status, null);
            return new Outcome(record.RunId, status, null);
        }
        catch (RunClaimedException ex)
        {
            // A live writer has it (another process running it, or continuing it first): nothing to do.
            HeldElsewhere(_logger, record.RunId, ex.Message, null);
            return new Outcome(record.RunId, null, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // Changed under the claim (completed, answered, not due any more): the record as re-read says why.
            SkippedRun(_logger, record.RunId, record.WorkflowId, ex.Message, null);
            return new Outcome(record.RunId, null, ex.Message);
        }
        catch (Exception ex)
        {
            ContinueFailed(_logger, record.RunId, record.WorkflowId, ex);
            return new Outcome(record.RunId, null, $"continuing it failed: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            _slots.Release();
            _inFlight.TryRemove(record.RunId, out _);
        }
    }

    /// <summary>How continuing one run ended: its status, or why it was not continued.</summary>
    private sealed record Outcome(string RunId, string? Status, string? Skip);

    private void Report(RunRecord record, string why)
    {
        // Once per run and reason while the service lives: the same skip is seen at every scan.
        lock (_reported)
        {
            if (!_reported.Add(record.RunId + "\n" + why))
            {
                return;
            }
        }

        SkippedRun(_logger, record.RunId, record.WorkflowId, why, null);
    }
}

/// <summary>What one scan of <see cref="RunRecoveryService"/> did.</summary>
/// <param name="Continued">The runs it continued, with how each ended (<c>completed</c>, <c>failed</c>, <c>waiting (...)</c>, ...).</param>
/// <param name="Skipped">The runs it left alone, and why.</param>
/// <param name="NextDue">When the next known timer or deadline of a waiting run is due, if any.</param>
public sealed record RecoveryPass(IReadOnlyList<(string RunId, string Outcome)> Continued, IReadOnlyList<(string RunId, string Reason)> Skipped, DateTimeOffset? NextDue);
