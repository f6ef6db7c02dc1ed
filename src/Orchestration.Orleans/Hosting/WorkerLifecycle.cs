using System;
using System.Threading;
using System.Threading.Tasks;
using Orchestration.PostgreSql;
using Orleans;
using Orleans.Runtime;

namespace Orchestration.Orleans;

/// <summary>
/// What a worker silo does as it starts and stops, besides Orleans' own work: before the runtime starts, it makes sure
/// the run store's tables exist (a silo that cannot reach its store fails to start, saying why) and that the thread pool
/// has threads for blocking store writes; once the silo is active, it runs the recovery scan, and stops it first.
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
    private readonly RunHost _host;
    private readonly RunRecoveryService _recovery;

    public WorkerLifecycle(IServiceProvider services, RunHost host, IGrainFactory grains)
    {
        _host = host;
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
        lifecycle.Subscribe(nameof(WorkerLifecycle), ServiceLifecycleStage.Active, _recovery.StartAsync, _recovery.StopAsync);
    }

    public void Dispose() => _recovery.Dispose();

    private Task PrepareAsync(CancellationToken cancellationToken)
    {
        // IRunStore is synchronous: each store write holds its thread for a round trip to the database. Without spare
        // threads, many runs writing at once starve Orleans' own work (placement, messaging, failure detection).
        if (_host.Options.MinThreadPoolThreads is { } wanted)
        {
            ThreadPool.GetMinThreads(out var workers, out var completion);
            if (workers < wanted || completion < wanted)
            {
                ThreadPool.SetMinThreads(Math.Max(workers, wanted), Math.Max(completion, wanted));
            }
        }

        _ = _host.Registry;
        return _host.Store is PostgreSqlRunStore store ? Task.Run(store.EnsureSchema, cancellationToken) : Task.CompletedTask;
    }
}
