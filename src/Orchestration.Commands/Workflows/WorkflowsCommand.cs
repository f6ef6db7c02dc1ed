using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Orchestration.Commands.CommandLine;
using Orchestration.Commands.Records;
using Orchestration.Commands.Terminal;
using Spectre.Console;

namespace Orchestration.Commands.Workflows;

/// <summary><c>workflows [workflow] [--json]</c>: the application's workflows, or one in detail with its diagram.</summary>
internal static class WorkflowsCommand
{
    public static Command Create(CommandContext context)
    {
        var id = new Argument<string?>("workflow") { Description = "Show only this workflow, in detail, with its Mermaid diagram.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the workflows as JSON (every field, diagrams included) instead of a table." };
        var command = new Command("workflows", "List the application's workflows: strategy, steps, input and output types; or show one with its diagram.") { id, json };
        command.SetAction(result => CommandErrors.Guard(context, () =>
        {
            var registry = context.Registry;
            if (result.GetValue(id) is { } one)
            {
                var workflow = registry.Workflows.Get(one);
                if (result.GetValue(json))
                {
                    context.WriteOut(RelaxedJson.Write(writer => Write(writer, workflow)) + "\n");
                }
                else
                {
                    Describe(context, workflow);
                }

                return OrchestrationExitCodes.Success;
            }

            var all = registry.Workflows.All;
            if (result.GetValue(json))
            {
                context.WriteOut(RelaxedJson.Write(writer =>
                {
                    writer.WriteStartArray();
                    foreach (var workflow in all)
                    {
                        Write(writer, workflow);
                    }

                    writer.WriteEndArray();
                }) + "\n");
                return OrchestrationExitCodes.Success;
            }

            if (all.Count == 0)
            {
                context.Out.MarkupLine("No workflows are registered. Declare them with [[Workflow]] and register them with services.AddOrchestration().");
                return OrchestrationExitCodes.Success;
            }

            var table = new Table().AddColumns("Workflow", "Strategy", "Steps", "Input", "Output", "Description");
            foreach (var workflow in all)
            {
                table.AddRow(
                    Markup.Escape(workflow.Id),
                    Markup.Escape(workflow.Strategy),
                    Markup.Escape(string.Join(" → ", workflow.Steps)),
                    Markup.Escape(TypeNames.Display(workflow.InputType)),
                    Markup.Escape(TypeNames.Display(workflow.OutputType)),
                    Markup.Escape(workflow.Description));
            }

            context.Out.Write(table);
            return OrchestrationExitCodes.Success;
        }));
        return command;
    }

    private static void Describe(CommandContext context, WorkflowDefinition workflow)
    {
        var console = context.Out;
        console.MarkupLineInterpolated($"[bold]{workflow.Id}[/] ({workflow.Strategy}){(workflow.Description.Length > 0 ? ": " + workflow.Description : string.Empty)}");
        console.MarkupLineInterpolated($"Input: {TypeNames.Display(workflow.InputType)}");
        console.MarkupLineInterpolated($"Output: {TypeNames.Display(workflow.OutputType)}");
        console.MarkupLine("Steps:");
        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            console.MarkupLineInterpolated($"  {i + 1}. {Step(workflow.Steps[i])}");
        }

        console.MarkupLineInterpolated($"Nesting limit: {workflow.MaxDepth}; fingerprint: {workflow.Fingerprint}");
        console.MarkupLine("Diagram (Mermaid):");
        context.WriteOut(workflow.Diagram.TrimEnd('\n') + "\n");
    }

    private static string Step(WorkflowStep step) => step.Kind switch
    {
        StepKind.Agent => $"agent {step.TargetId}",
        StepKind.Workflow => $"workflow {step.TargetId}",
        StepKind.Wait => $"await {step.TargetId}: sends {TypeNames.Display(step.Request!.RequestType)}, waits for {TypeNames.Display(step.Request.ResponseType)}" +
            (step.Request.Description.Length > 0 ? $" ({step.Request.Description})" : string.Empty) +
            (step.Request.Deadline is { } deadline ? $", deadline {deadline}" : ", no deadline"),
        _ => step.Delay is { } delay ? $"delay {delay}" : $"delay until {step.UntilName}",
    } + (step.Condition is null ? string.Empty : " (when its condition holds)");

    private static void Write(Utf8JsonWriter json, WorkflowDefinition workflow)
    {
        json.WriteStartObject();
        json.WriteString("id", workflow.Id);
        json.WriteString("strategy", workflow.Strategy);
        json.WriteString("description", workflow.Description);
        json.WriteString("inputType", workflow.InputType is null ? null : TypeNames.Display(workflow.InputType));
        json.WriteString("outputType", workflow.OutputType is null ? null : TypeNames.Display(workflow.OutputType));
        json.WriteNumber("maxDepth", workflow.MaxDepth);
        json.WriteString("fingerprint", workflow.Fingerprint);
        json.WriteStartArray("steps");
        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            var step = workflow.Steps[i];
            json.WriteStartObject();
            json.WriteNumber("index", i + 1);
            json.WriteString("kind", step.Kind.ToString().ToLower(CultureInfo.InvariantCulture));
            json.WriteString("target", step.TargetId);
            if (step.Request is { } request)
            {
                json.WriteString("requestType", TypeNames.Display(request.RequestType));
                json.WriteString("responseType", TypeNames.Display(request.ResponseType));
                json.WriteString("description", request.Description);
                if (request.Deadline is { } deadline)
                {
                    json.WriteNumber("deadlineSeconds", deadline.TotalSeconds);
                }
            }

            if (step.Delay is { } delay)
            {
                json.WriteNumber("delaySeconds", delay.TotalSeconds);
            }

            if (step.UntilName is { } until)
            {
                json.WriteString("until", until);
            }

            if (step.Condition is not null)
            {
                json.WriteBoolean("conditional", true);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("diagram", workflow.Diagram);
        json.WriteEndObject();
    }
}
