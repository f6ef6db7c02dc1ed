using System;

namespace Orchestration;

/// <summary>How a command ended: its exit code, everything it wrote to standard output and standard error, and how long it took.</summary>
/// <param name="ExitCode">The exit code; 0 is success by convention.</param>
/// <param name="StandardOutput">What it wrote to standard output (UTF-8).</param>
/// <param name="StandardError">What it wrote to standard error (UTF-8).</param>
/// <param name="Duration">From start to exit.</param>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    /// <summary>Whether the exit code is 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
