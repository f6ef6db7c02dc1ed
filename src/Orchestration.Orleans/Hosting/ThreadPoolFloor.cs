using System;
using System.Threading;
using Orchestration.Records;

namespace Orchestration.Orleans;

/// <summary>
/// Keeps threads ready for blocking store calls. <see cref="IRunStore"/> is synchronous: each write (on a silo) and each
/// read of a follower (on a client) holds its thread for a round trip to PostgreSQL. With only the pool's default of one
/// thread per core, many of them at once starve Orleans' own work (messaging, placement, failure detection), and a silo
/// that cannot answer its probes in time is declared dead.
/// </summary>
internal static class ThreadPoolFloor
{
    /// <summary>Raises the process's minimum thread counts to <paramref name="wanted"/> (never lowers them).</summary>
    public static void Raise(int? wanted)
    {
        if (wanted is not { } floor)
        {
            return;
        }

        ThreadPool.GetMinThreads(out var workers, out var completion);
        if (workers < floor || completion < floor)
        {
            ThreadPool.SetMinThreads(Math.Max(workers, floor), Math.Max(completion, floor));
        }
    }
}
