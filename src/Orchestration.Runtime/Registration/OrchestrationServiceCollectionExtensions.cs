using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestration;

/// <summary>Dependency-injection registration of the orchestration registry.</summary>
/// <remarks>Generated <c>AddOrchestration()</c> methods call this; application code rarely needs to.</remarks>
public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>
    /// Adds a contribution to the singleton <see cref="OrchestrationRegistry"/> (and its <see cref="TemplateRegistry"/>,
    /// <see cref="StrategyRegistry"/> and <see cref="WorkflowRegistry"/>). Contributions run in the order they were
    /// added, when the registry is first resolved.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="register">Registers templates, strategies and workflows; receives the application's services.</param>
    public static IServiceCollection AddOrchestrationRegistry(this IServiceCollection services, Action<OrchestrationRegistry, IServiceProvider> register)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (register is null)
        {
            throw new ArgumentNullException(nameof(register));
        }

        // Options (OrchestrationOptions, ChatModelOptions) are read through IOptions: make them resolvable even when
        // nothing configures them.
        services.AddOptions();
        services.AddSingleton(new RegistryContribution(register));
        services.TryAddSingleton(static sp =>
        {
            var registry = new OrchestrationRegistry();
            foreach (var contribution in sp.GetServices<RegistryContribution>())
            {
                contribution.Register(registry, sp);
            }

            return registry;
        });
        services.TryAddSingleton(static sp => sp.GetRequiredService<OrchestrationRegistry>().Templates);
        services.TryAddSingleton(static sp => sp.GetRequiredService<OrchestrationRegistry>().Strategies);
        services.TryAddSingleton(static sp => sp.GetRequiredService<OrchestrationRegistry>().Workflows);
        return services;
    }

    /// <summary>
    /// Configures the application-wide <see cref="OrchestrationOptions"/>: the store runs are recorded in, the options
    /// runs get when a call passes none, per-template overrides. Generated <c>AddOrchestration(o =&gt; …)</c> methods call
    /// this; it can be called more than once, and composes with <c>services.Configure&lt;OrchestrationOptions&gt;(…)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddOrchestrationOptions(this IServiceCollection services, Action<OrchestrationOptions> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        services.AddOptions();
        services.Configure(configure);
        return services;
    }

    private sealed class RegistryContribution
    {
        public RegistryContribution(Action<OrchestrationRegistry, IServiceProvider> register) => Register = register;

        public Action<OrchestrationRegistry, IServiceProvider> Register { get; }
    }
}
