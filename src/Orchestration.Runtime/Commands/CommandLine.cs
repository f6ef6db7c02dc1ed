using System;
using System.Collections.Generic;
using System.Linq;

namespace Orchestration;

/// <summary>
/// A process to run: the executable and its arguments, passed to it as they are (never through a shell, so spaces,
/// quotes, <c>$</c> and <c>;</c> arrive verbatim), with the working directory, the environment it may see, what it reads
/// on standard input and how long it may take. Run it with <see cref="CommandRunner.RunAsync"/> or from a
/// <see cref="CommandAgent{TInput, TOutput}"/>.
/// </summary>
public sealed record CommandLine
{
    /// <summary>The variables a command inherits from this process unless told otherwise: PATH, HOME, LANG and TMPDIR.</summary>
    public static IReadOnlyList<string> DefaultInheritedEnvironment { get; } = new[] { "PATH", "HOME", "LANG", "TMPDIR" };

    private readonly IReadOnlyList<string> _inherited = DefaultInheritedEnvironment;
    private readonly IReadOnlyDictionary<string, string> _environment = new Dictionary<string, string>(StringComparer.Ordinal);
    private readonly TimeSpan? _timeout;

    /// <summary>Creates a command line.</summary>
    /// <param name="fileName">The executable: a name looked up on PATH, or a path.</param>
    /// <param name="arguments">The arguments, each passed as one argument.</param>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is blank, or an argument is null.</exception>
    public CommandLine(string fileName, params string[] arguments)
        : this(fileName, (IEnumerable<string>)(arguments ?? Array.Empty<string>()))
    {
    }

    /// <summary>Creates a command line.</summary>
    /// <param name="fileName">The executable: a name looked up on PATH, or a path.</param>
    /// <param name="arguments">The arguments, each passed as one argument.</param>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is blank, or an argument is null.</exception>
    public CommandLine(string fileName, IEnumerable<string> arguments)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw new ArgumentException("A command needs the executable to run, for example \"dotnet\" or \"/usr/bin/git\".", nameof(fileName));
        }

        var list = (arguments ?? Array.Empty<string>()).ToArray();
        if (Array.IndexOf(list, null) is var at and >= 0)
        {
            throw new ArgumentException($"Argument {at + 1} of command '{fileName}' is null; pass an empty string for an empty argument.", nameof(arguments));
        }

        FileName = fileName;
        Arguments = list;
    }

    /// <summary>The executable.</summary>
    public string FileName { get; }

    /// <summary>The arguments, each passed as one argument.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The working directory; this process's when <see langword="null"/>.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// The names of this process's environment variables the command may see (default <see cref="DefaultInheritedEnvironment"/>);
    /// every other variable (API keys, tokens) stays out of its environment.
    /// </summary>
    /// <exception cref="ArgumentNullException">The list is null.</exception>
    public IReadOnlyList<string> InheritedEnvironment
    {
        get => _inherited;
        init => _inherited = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Variables set for the command, over the inherited ones.</summary>
    /// <exception cref="ArgumentNullException">The dictionary is null.</exception>
    public IReadOnlyDictionary<string, string> Environment
    {
        get => _environment;
        init => _environment = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Written to the command's standard input, which is then closed; when <see langword="null"/> the command reads an empty input.</summary>
    public string? StandardInput { get; init; }

    /// <summary>
    /// How long the command may run; past it, the command and every process it started are killed and the run of it
    /// fails with a <see cref="TimeoutException"/>. No limit of its own when <see langword="null"/> (the step's timeout
    /// and cancellation still apply).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is not positive.</exception>
    public TimeSpan? Timeout
    {
        get => _timeout;
        init => _timeout = value is null || value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A command's timeout must be positive.");
    }

    /// <summary>The command as a reader would type it in a POSIX shell (for logs and messages; it is never run through one).</summary>
    public override string ToString() => string.Join(" ", new[] { FileName }.Concat(Arguments).Select(Quote));

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || "-_./=:,@+%".Contains(c))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
