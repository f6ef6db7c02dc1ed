using System;
using System.Globalization;

namespace Orchestration.Records;

/// <summary>Who holds, or held, a run's claim: a process on a host, since when, and the claim's own id.</summary>
/// <param name="Host">The machine name.</param>
/// <param name="ProcessId">The process id on that machine.</param>
/// <param name="Since">When the claim was taken.</param>
/// <param name="ClaimId">A random id of the claim, so that two claims of one process can be told apart.</param>
public sealed record RunHolder(string Host, int ProcessId, DateTimeOffset Since, string ClaimId)
{
    /// <summary>A new holder for the current process, now.</summary>
    public static RunHolder Current() =>
        new(Environment.MachineName, Environment.ProcessId, DateTimeOffset.UtcNow, Guid.NewGuid().ToString("N").Substring(0, 12));

    /// <inheritdoc />
    public override string ToString() =>
        $"process {ProcessId.ToString(CultureInfo.InvariantCulture)} on {Host} since {Since.ToString("O", CultureInfo.InvariantCulture)}";
}
