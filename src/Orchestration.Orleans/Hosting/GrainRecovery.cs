using System;
using System.Threading;
using System.Threading.Tasks;
using Orleans;
using Orleans.Runtime;

namespace Orchestration.Orleans;

/// <summary>
/// The silo's <see cref="RunRecoveryService"/>, which finds the runs that can go on (interrupted, timer due, deadline
/// passed) and hands each to its grain (<see cref="RunRecoveryOptions.Continue"/>), so that it continues in its one
/// activation. It scans only while the silo is active: it starts with the silo's last lifecycle stage and stops first.
/// </summary>
/// <remarks>
/// The scan, rather than Orleans reminders, wakes runs: the store is already the truth about which runs wait for what
/// and until when, so no second table has to agree with it; a run costs no reminder writes; and a run interrupted by a
/// silo's death is found by the same scan, which needs nothing registered before the death.
/// </remarks>
internal sealed class GrainRecovery : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly RunRecoveryService _service;

    public GrainRecovery(IServiceProvider services, RunHost host, IGrainFactory grains)
    {
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
        _service = new RunRecoveryService(services, options);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(GrainRecovery), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken) => _service.StartAsync(cancellationToken);

    private Task StopAsync(CancellationToken cancellationToken) => _service.StopAsync(cancellationToken);

    public void Dispose() => _service.Dispose();
}
