using System;
using Orchestration.Records;

namespace Orchestration;

/// <summary>Thrown when the output of a run that did not complete is read.</summary>
public sealed class WorkflowFailedException : InvalidOperationException
{
    /// <summary>Creates the exception for a result.</summary>
    public WorkflowFailedException(WorkflowResult result)
        : base(BuildMessage(result), result?.FailedStep?.Exception)
    {
        Result = result!;
    }

    /// <summary>The result whose output was read.</summary>
    public WorkflowResult Result { get; }

    private static string BuildMessage(WorkflowResult result)
    {
        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        if (result.Status == WorkflowStatus.Waiting)
        {
            return $"Workflow '{result.WorkflowId}' (run {result.RunId}) is waiting, so it has no output yet: {result.Wait}. " +
                (result.Wait?.Kind == RunWait.Timer
                    ? "It continues when due (the recovery service continues it, or call ResumeAsync then)."
                    : "Answer it with the workflow's RespondAsync; the run continues from there.");
        }

        var step = result.FailedStep is { } failed ? $" at step {failed.Index} '{failed.StepId}'" : string.Empty;
        return $"Workflow '{result.WorkflowId}' (run {result.RunId}) {result.Status.ToString().ToLowerInvariant()}{step}, so it has no output: "
            + string.Join("; ", result.Errors)
            + ". Check Status before reading Output, or use TryGetOutput.";
    }
}
