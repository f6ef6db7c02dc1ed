using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration;

/// <summary>Runs a <see cref="CommandLine"/> as a process of its own: no shell, an environment of allowed variables only, output captured.</summary>
public static class CommandRunner
{
    /// <summary>
    /// Starts the command, writes its standard input, and waits for it to exit, capturing standard output and standard
    /// error. When its timeout passes or <paramref name="cancellationToken"/> is cancelled, the command and every process
    /// it started are killed before this method returns.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Kills the command when cancelled.</param>
    /// <returns>How it ended, whatever its exit code; the caller decides what an exit code means.</returns>
    /// <exception cref="CommandFailedException">The executable could not be started (not found, not executable, no such working directory).</exception>
    /// <exception cref="TimeoutException">The command ran past its <see cref="CommandLine.Timeout"/>; it was killed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the command was killed.</exception>
    public static async Task<CommandResult> RunAsync(CommandLine command, CancellationToken cancellationToken = default)
    {
        if (command is null)
        {
            throw new ArgumentNullException(nameof(command));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var info = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = command.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var name in command.InheritedEnvironment)
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                info.Environment[name] = value;
            }
        }

        foreach (var (name, value) in command.Environment)
        {
            info.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception ex)
        {
            var where = command.WorkingDirectory is { } directory && !Directory.Exists(directory)
                ? $"its working directory '{directory}' does not exist"
                : $"check that it is installed and on the command's PATH ({(info.Environment.TryGetValue("PATH", out var path) ? path : "not set")}), or give its full path";
            throw new CommandFailedException(command, $"Command '{command}' could not start: {ex.Message}; {where}.", ex);
        }

        using (process)
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            if (command.Timeout is { } timeout)
            {
                limit.CancelAfter(timeout);
            }

            var output = process.StandardOutput.ReadToEndAsync(limit.Token);
            var error = process.StandardError.ReadToEndAsync(limit.Token);
            try
            {
                try
                {
                    await process.StandardInput.WriteAsync((command.StandardInput ?? string.Empty).AsMemory(), limit.Token).ConfigureAwait(false);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The command exited or closed its input without reading all of it: not an error of ours.
                }

                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
                var result = new CommandResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false), clock.Elapsed);
                return result;
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                Kill(process);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException(
                    $"Command '{command}' did not finish within its timeout of {command.Timeout!.Value.TotalSeconds:0.###} s; it was killed with the processes it started.");
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }
    }
}
