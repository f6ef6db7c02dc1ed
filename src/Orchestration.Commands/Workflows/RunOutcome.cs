using System.Globalization;
using System.Linq;
using System.Text.Json;
using Orchestration.Commands.CommandLine;
using Orchestration.Commands.Records;
using Orchestration.Commands.Terminal;
using Orchestration.Records;
using Spectre.Console;

namespace Orchestration.Commands.Workflows;

/// <summary>
/// How <c>run</c>, <c>resume</c> and <c>respond</c> end: a completed run's output as JSON on standard output; what a
/// waiting run waits for and the command that answers or continues it; a run that did not complete, its errors. The rest
/// goes to the error console, so that standard output holds only the result.
/// </summary>
internal static class RunOutcome
{
    public static int Report(CommandContext context, WorkflowResult result, WorkflowDefinition workflow)
    {
        var console = context.Error;
        var run = $"Run {result.RunId} of {workflow.Id}";
        if (result.Status == WorkflowStatus.Completed)
        {
            context.WriteOut(Output(context, result, workflow) + "\n");
            console.MarkupLineInterpolated($"{run} [green]completed[/] in {RunText.Duration(result.Duration.TotalMilliseconds)} ({RunText.Steps(result.Steps.Count)}).");
            return OrchestrationExitCodes.Success;
        }

        if (result.Status == WorkflowStatus.Waiting && result.Wait is { } wait)
        {
            console.MarkupLineInterpolated($"{run} is [yellow]waiting[/]: {RunText.Waiting(wait)}.");
            if (wait.Kind == RunWait.Input)
            {
                if (wait.Request is { } request)
                {
                    console.MarkupLineInterpolated($"Request: {request}");
                }

                console.MarkupLineInterpolated($"Answer it with: {context.Name} respond {result.RunId} --input response.json");
            }
            else
            {
                var due = wait.DueAt is { } at ? RunText.Time(at) : "its due time";
                console.MarkupLineInterpolated($"It continues when due: {context.Name} resume {result.RunId} from {due} on (or the application's recovery service continues it).");
            }

            return OrchestrationExitCodes.Waiting;
        }

        console.MarkupLineInterpolated($"{run} [red]{Status(result.Status)}[/]:");
        foreach (var error in result.Errors.DefaultIfEmpty("(no error was recorded)"))
        {
            console.MarkupLineInterpolated($"  {error}");
        }

        if (workflow.InputType is not null)
        {
            console.MarkupLineInterpolated($"Resume it, once the cause is fixed, from where it stopped: {context.Name} resume {result.RunId}");
        }

        return OrchestrationExitCodes.NotCompleted;
    }

    /// <summary>The output as JSON, written with the record serializer (as the run recorded it), readably escaped.</summary>
    private static string Output(CommandContext context, WorkflowResult result, WorkflowDefinition workflow)
    {
        var type = workflow.OutputType ?? result.OutputValue?.GetType() ?? typeof(object);
        var info = JsonInput.TypeInfo(context, type, $"Run {result.RunId} completed, but its output cannot be written: workflow '{workflow.Id}' produces");
        return RelaxedJson.Rewrite(JsonSerializer.Serialize(result.OutputValue, info));
    }

    private static string Status(WorkflowStatus status) => status switch
    {
        WorkflowStatus.TimedOut => "timed_out",
        _ => status.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
