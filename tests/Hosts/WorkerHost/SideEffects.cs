using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace WorkerHost;

/// <summary>
/// The agents' own record of what they did: one line per start and per finish of a step, with the run, the step and
/// the process. Each process appends to a file of its own in a directory all processes of a test share (appends of
/// several processes to one file could overwrite each other); a step that completed twice shows two "done" lines.
/// </summary>
public sealed class SideEffects
{
    private readonly object _gate = new();
    private readonly string _path;

    public SideEffects(string directory)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".log");
    }

    public void Append(string runId, string stepId, string what)
    {
        lock (_gate)
        {
            File.AppendAllText(_path, $"{runId} {stepId} {Environment.ProcessId} {what}\n");
        }
    }

    /// <summary>Every whole line of every process in <paramref name="directory"/>, split into run, step, process and what.</summary>
    public static IReadOnlyList<SideEffect> Read(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.log")
                .SelectMany(file =>
                {
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    using var reader = new StreamReader(stream);
                    return reader.ReadToEnd().Split('\n');
                })
                .Select(line => line.Split(' '))
                .Where(parts => parts.Length == 4)
                .Select(parts => new SideEffect(parts[0], parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), parts[3]))
                .ToList()
            : Array.Empty<SideEffect>();
}

/// <summary>One line of the side-effect log.</summary>
public sealed record SideEffect(string RunId, string StepId, int ProcessId, string What);
