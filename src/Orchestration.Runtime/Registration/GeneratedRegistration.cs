using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestration;

/// <summary>
/// The factories and service registrations generated modules call, written once here instead of as a lambda per agent,
/// request class and workflow in every project: each call is one overload with explicit types, which the compiler
/// binds quickly. Trim-safe: agents and request classes are created by the generated factories, and runners by the
/// container through their public constructor, which the trim annotation on <see cref="AddRunner{TRunner}"/> keeps.
/// </summary>
/// <remarks>
/// Application code rarely needs these; the generated <c>AddOrchestration()</c> and templates use them, so editors do
/// not offer them in completion lists.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedRegistration
{
    /// <summary>A factory that gives <paramref name="instance"/> to every caller: the agent class holds no state, so one instance serves every step.</summary>
    /// <typeparam name="T">The agent class.</typeparam>
    /// <param name="instance">The one instance.</param>
    /// <returns>The factory.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="instance"/> is null.</exception>
    public static Func<IServiceProvider, T> Shared<T>(T instance)
        where T : class
    {
        if (instance is null)
        {
            throw new ArgumentNullException(nameof(instance));
        }

        return _ => instance;
    }

    /// <summary>
    /// A factory that takes a <typeparamref name="T"/> from the services when they have one (the application may register
    /// its own), and otherwise creates it with <paramref name="create"/>.
    /// </summary>
    /// <typeparam name="T">The agent or request class.</typeparam>
    /// <param name="create">Creates the instance, filling its constructor from the services.</param>
    /// <returns>The factory.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> is null.</exception>
    public static Func<IServiceProvider, T> FromServices<T>(Func<IServiceProvider, T> create)
        where T : class
    {
        if (create is null)
        {
            throw new ArgumentNullException(nameof(create));
        }

        return services => services.GetService<T>() ?? create(services);
    }

    /// <summary>Adds <typeparamref name="T"/> as a transient service created by <paramref name="create"/>, unless the services already have one.</summary>
    /// <typeparam name="T">The agent or request class.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="create">Creates the instance.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void AddTransient<T>(IServiceCollection services, Func<IServiceProvider, T> create)
        where T : class
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        services.TryAddTransient(create ?? throw new ArgumentNullException(nameof(create)));
    }

    /// <summary>
    /// Adds a workflow's runner: as <typeparamref name="TRunner"/> (unless the services already have one), created by the
    /// container through its constructor that takes the services, and as an <see cref="IWorkflowRunner"/> keyed by
    /// <paramref name="workflowId"/> that resolves the same registration.
    /// </summary>
    /// <typeparam name="TRunner">The workflow's generated <c>Runner</c> class.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="workflowId">The workflow id, the key of the <see cref="IWorkflowRunner"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void AddRunner<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TRunner>(IServiceCollection services, string workflowId)
        where TRunner : class, IWorkflowRunner
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (workflowId is null)
        {
            throw new ArgumentNullException(nameof(workflowId));
        }

        services.TryAddTransient<TRunner>();
        services.AddKeyedTransient<IWorkflowRunner>(workflowId, static (provider, _) => provider.GetRequiredService<TRunner>());
    }
}
