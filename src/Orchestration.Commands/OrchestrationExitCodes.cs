namespace Orchestration.Commands;

/// <summary>
/// What the commands return: the process's exit code when <see cref="OrchestrationCommands"/> is the application's
/// <c>Main</c>. The same codes for every command, so that scripts can branch on them.
/// </summary>
public static class OrchestrationExitCodes
{
    /// <summary>The command did what was asked; for <c>run</c>, <c>resume</c> and <c>respond</c>, the run completed.</summary>
    public const int Success = 0;

    /// <summary>
    /// The command could not do what was asked, and said why on standard error: an unknown workflow or run, an input that
    /// is not of the workflow's input type, a refused response, a run that cannot be resumed, a store that does not exist.
    /// </summary>
    public const int Error = 1;

    /// <summary>The command line was not understood (an unknown command or option, a missing or malformed value); help follows the error.</summary>
    public const int Usage = 2;

    /// <summary>The run stopped to wait for a response (answer it with <c>respond</c>) or for a time (continue it with <c>resume</c> when due).</summary>
    public const int Waiting = 3;

    /// <summary>The run ended without completing: failed, cancelled, timed out or exhausted. Its errors were printed; <c>resume</c> continues it.</summary>
    public const int NotCompleted = 4;
}
