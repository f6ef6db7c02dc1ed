using System;

namespace Orchestration;

/// <summary>A service provider with no services, for runs started without dependency injection.</summary>
internal sealed class EmptyServiceProvider : IServiceProvider
{
    public static EmptyServiceProvider Instance { get; } = new();

    public object? GetService(Type serviceType) => null;
}
