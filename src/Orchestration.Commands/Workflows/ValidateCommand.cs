using System.CommandLine;
using Orchestration.Commands.CommandLine;
using Orchestration.Commands.Terminal;
using Spectre.Console;

namespace Orchestration.Commands.Workflows;

/// <summary>
/// <c>validate &lt;workflow&gt; [--input file|-]</c>: a dry run. The workflow's graph as registration checks it, whether
/// its runs can be recorded and continued (JSON metadata for its input and output types), and the input read as
/// <c>run</c> would read it. Nothing runs.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CommandContext context)
    {
        var id = new Argument<string>("workflow") { Description = $"The workflow's id (see `{context.Name} workflows`)." };
        var input = JsonInput.CreateOption(required: false, "Also check this input: a JSON file, or - for standard input, read as the workflow's input type.");
        var command = new Command("validate", "Check a workflow and, with --input, an input for it, without running anything. Exits 1 on a problem.") { id, input };
        command.SetAction(result => CommandErrors.Guard(context, () =>
        {
            // Resolving the registry registers the application's workflows; registration checks each graph and throws on the first that fails.
            var workflow = context.Registry.Workflows.Get(result.GetValue(id)!);
            context.Out.MarkupLineInterpolated(
                $"Workflow {workflow.Id} ({workflow.Strategy}, {RunText.Steps(workflow.Steps.Count)}): its strategy, steps, step types and nesting depth check out (registration checked them).");
            if (workflow.InputType is null || workflow.OutputType is null)
            {
                throw new CommandException(
                    $"Workflow '{workflow.Id}' was registered without input and output types (created at run time as a WorkflowDefinition), so `{context.Name} run` cannot read its input and its runs cannot be continued. " +
                    "Declare it with [Workflow] (the generator gives it a typed definition), or create it as WorkflowDefinition<TInput, TOutput>.");
            }

            JsonInput.TypeInfo(context, workflow.InputType, $"Workflow '{workflow.Id}' takes");
            JsonInput.TypeInfo(context, workflow.OutputType, $"Workflow '{workflow.Id}' produces");
            context.Out.MarkupLineInterpolated(
                $"Records: the record serializer reads and writes its input ({TypeNames.Display(workflow.InputType)}) and output ({TypeNames.Display(workflow.OutputType)}), so its runs can be resumed.");
            if (result.GetValue(input) is { } source)
            {
                JsonInput.Read(context, source, workflow);
                context.Out.MarkupLineInterpolated($"Input: {(source == "-" ? "standard input" : source)} is a {TypeNames.Display(workflow.InputType)}.");
            }

            context.Out.MarkupLine("Nothing was run.");
            return OrchestrationExitCodes.Success;
        }));
        return command;
    }
}
