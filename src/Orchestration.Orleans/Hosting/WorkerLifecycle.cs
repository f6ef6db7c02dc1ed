using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Orchestration.PostgreSql;
using Orchestration.Records;
using Orchestration.Recovery;
using Orleans;
using Orleans.Runtime;

namespace Orchestration.Orleans;

/// <summary>
/// What a worker silo does as it starts and stops, besides Orleans' own work: before the runtime starts, it makes sure
/// the run store's tables exist (a silo that cannot reach its store fails to start, saying why) and that the thread pool
/// has threads for blocking store writes; once the silo is active, it runs the recovery scan, and stops it first. When
/// membership declares a silo dead, it scans at once and then a few times until that silo's claims have lapsed, so a
/// dead silo's runs continue as soon as the store lets another writer take them, not at the next periodic scan.
/// </summary>
/// <remarks>
/// The scan is the silo's <see cref="RunRecoveryService"/>, which finds the runs that can go on (interrupted, timer due,
/// deadline passed) and hands each to its grain (<see cref="RunRecoveryOptions.Continue"/>), so that it continues in its
/// one activation. It wakes runs rather than Orleans reminders: the store is already the truth about which runs wait for
/// what and until when, so no second table has to agree with it; a run costs no reminder writes; and a run interrupted
/// by a silo's death is found by the same scan, which needs nothing registered before the death.
/// </remarks>
internal sealed class WorkerLifecycle : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly Action<ILogger, string, Exception?> SiloDied =
        LoggerMessage.Define<string>(LogLevel.Information, new EventId(10, "SiloDied"), "Silo {Silo} was declared dead: scanning for its runs until their claims lapse");

    private static readonly Action<ILogger, Exception?> ScanFailed =
        LoggerMessage.Define(LogLevel.Warning, new EventId(11, "DeathScanFailed"), "A scan for a dead silo's runs failed; the periodic scan will find them");

    private readonly RunHost _host;
    private readonly RunRecoveryService _recovery;
    private readonly IClusterMembershipService _membership;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    public WorkerLifecycle(IServiceProvider services, RunHost host, IGrainFactory grains, IClusterMembershipService membership, ILogger<WorkerLifecycle> logger)
    {
        _host = host;
        _membership = membership;
        _logger = logger;
        var options = new RunRecoveryOptions
        {
            Store = host.Store,
            PollInterval = host.Options.RecoveryPollInterval,
            MaxConcurrency = host.Options.MaxConcurrentRecoveries,
            RunOptions = host.Options.RunOptions,
            Continue = async (run, cancellationToken) =>
            {
                var reply = await grains.GetGrain<IRunGrain>(run.RunId).ContinueAsync(run.Workflow.Id, run.Reason).ConfigureAwait(false);
                return "continued on " + reply.EnsureAccepted(run.RunId).Silo;
            },
        };
        _recovery = new RunRecoveryService(services, options);
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(WorkerLifecycle), ServiceLifecycleStage.RuntimeInitialize, PrepareAsync);
        lifecycle.Subscribe(nameof(WorkerLifecycle), ServiceLifecycleStage.Active, StartAsync, StopAsync);
    }

    public void Dispose()
    {
        _recovery.Dispose();
        _stopping.Dispose();
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        await _recovery.StartAsync(cancellationToken).ConfigureAwait(false);
        _watching = Task.Run(() => WatchMembershipAsync(_stopping.Token), CancellationToken.None);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _recovery.StopAsync(cancellationToken).ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
    }

    /// <summary>Scans for a dead silo's runs when membership declares it dead, until the store's lease lets them be taken over.</summary>
    private async Task WatchMembershipAsync(CancellationToken cancellationToken)
    {
        var dead = new HashSet<SiloAddress>();
        foreach (var member in _membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Dead)
            {
                dead.Add(member.SiloAddress);
            }
        }

        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                foreach (var member in snapshot.Members.Values)
                {
                    if (member.Status == SiloStatus.Dead && dead.Add(member.SiloAddress))
                    {
                        SiloDied(_logger, member.SiloAddress.ToString(), null);
                        _ = ScanAfterDeathAsync(cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private async Task ScanAfterDeathAsync(CancellationToken cancellationToken)
    {
        // The dead silo's claims lapse at most one lease after its last renewal; scanning every quarter lease for a
        // lease and a quarter finds each run within a quarter lease of the moment it can be taken over.
        var step = TimeSpan.FromTicks(_host.Options.Store.Lease.Ticks / 4);
        try
        {
            for (var i = 0; i < 6; i++)
            {
                await _recovery.RecoverOnceAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(step, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
        catch (Exception ex) when (ex is RunStoreException or InvalidOperationException)
        {
            ScanFailed(_logger, ex);
        }
    }

    private Task PrepareAsync(CancellationToken cancellationToken)
    {
        ThreadPoolFloor.Raise(_host.Options.MinThreadPoolThreads);

        _ = _host.Registry;
        return _host.Store is PostgreSqlRunStore store ? Task.Run(store.EnsureSchema, cancellationToken) : Task.CompletedTask;
    }
}
