using System;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Records;

namespace Orchestration.Recovery;

/// <summary>Registers <see cref="RunRecoveryService"/>.</summary>
public static class RunRecoveryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the hosted service that continues interrupted runs, runs whose timer is due and runs whose deadline passed
    /// (see <see cref="RunRecoveryService"/>). Needs the application's workflows (the generated <c>AddOrchestration()</c>)
    /// and a store: <see cref="RunRecoveryOptions.Store"/>, or an <see cref="IRunStore"/> registered in the services.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the store, poll interval, concurrency and the continued runs' options.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddRunRecovery(this IServiceCollection services, Action<RunRecoveryOptions>? configure = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        var options = new RunRecoveryOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton<RunRecoveryService>();
        services.AddHostedService(static sp => sp.GetRequiredService<RunRecoveryService>());
        return services;
    }
}
