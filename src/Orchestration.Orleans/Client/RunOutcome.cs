using System.Collections.Generic;
using Orchestration.Records;

namespace Orchestration.Orleans;

/// <summary>How a run on the workers ended, as recorded.</summary>
/// <typeparam name="TOutput">The workflow's output type.</typeparam>
/// <param name="RunId">The run.</param>
/// <param name="Status"><c>completed</c>, <c>failed</c>, <c>cancelled</c>, <c>timed_out</c> or <c>exhausted</c>.</param>
/// <param name="Output">The output when the run completed; otherwise the default.</param>
/// <param name="Errors">The run's errors, root cause first.</param>
/// <param name="Record">The whole record: steps, timings, usage and cost.</param>
public sealed record RunOutcome<TOutput>(string RunId, string Status, TOutput? Output, IReadOnlyList<string> Errors, RunRecord Record)
{
    /// <summary>Whether the run completed.</summary>
    public bool Succeeded => Status == "completed";
}

/// <summary>Where a run's grain is.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Silo">The silo's name, address and process id.</param>
/// <param name="Executing">Whether the run is executing there now (otherwise it waits, ended, or is between silos).</param>
public sealed record RunLocation(string RunId, string Silo, bool Executing);
