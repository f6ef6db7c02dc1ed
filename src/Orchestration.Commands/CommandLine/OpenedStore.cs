using System;
using Orchestration.Records;

namespace Orchestration.Commands.CommandLine;

/// <summary>A store a command uses, disposed afterwards only when the command opened it.</summary>
internal sealed class OpenedStore(IRunStore store, string location, bool owned) : IDisposable
{
    public IRunStore Store { get; } = store;

    /// <summary>Where the store is, for messages: a <see cref="FileRunStore"/>'s root.</summary>
    public string Location { get; } = location;

    public void Dispose()
    {
        if (owned && Store is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
