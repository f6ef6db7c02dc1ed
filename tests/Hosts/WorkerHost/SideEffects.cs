using System;
using System.IO;

namespace WorkerHost;

/// <summary>
/// The agents' own record of what they did: one line per start and per finish of a step, with the run, the step and
/// the process, appended to a file every process of a test shares. A step that completed twice shows two "done" lines.
/// </summary>
public sealed class SideEffects
{
    private readonly object _gate = new();

    public SideEffects(string path) => Path = path;

    public string Path { get; }

    public void Append(string runId, string stepId, string what)
    {
        // One write per line, in append mode: lines of several processes interleave whole.
        var line = $"{runId} {stepId} {Environment.ProcessId} {what}\n";
        lock (_gate)
        {
            using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            var bytes = System.Text.Encoding.UTF8.GetBytes(line);
            file.Write(bytes, 0, bytes.Length);
        }
    }
}
