using System;
using System.Collections.Generic;
using System.Linq;
using Orchestration.Declarations;

namespace Orchestration.Generators.Emit;

/// <summary>
/// Emits a workflow's partial class: its id, Mermaid diagram, definition, typed <c>RunAsync</c>, <c>ResumeAsync</c>,
/// one <c>RespondAsync</c> per response type its runs may wait for, and DI runner. A chain of up to eight steps is a
/// <c>SequentialChain</c> definition over its typed steps; every other workflow gets an <c>ExecuteAsync</c>: a longer
/// chain awaits each step (agent, nested workflow, wait or delay) and feeds its output to the next; a fan-out starts
/// every step on the input and gathers the outputs into a tuple; the other built-in shapes return what their runtime
/// pattern returns; a user strategy runs through its instance.
/// </summary>
internal static class WorkflowEmitter
{
    // The parameters the run methods of a workflow share (RunResult is the type they return).
    private const string ServicesParameter = "global::System.IServiceProvider? services";
    private const string OptionsParameter = "global::Orchestration.WorkflowRunOptions? options";
    private const string OptionalTokenParameter = "global::System.Threading.CancellationToken cancellationToken = default";

    public static string Emit(EmittableWorkflow workflow)
    {
        var model = workflow.Model;
        var type = model.Class;
        var input = workflow.Input!.FullName;
        var output = workflow.Output!.FullName;
        var access = workflow.IsPublic ? "public" : "internal";
        var diagram = MermaidDiagram.Render(
            model.Id,
            model.Strategy,
            workflow.Shape == KnownNames.DebateShape && HasJudge(workflow)
                ? MermaidDiagram.Layout.JudgedRounds
                : MermaidDiagram.LayoutOf(model.Strategy, workflow.Shape == KnownNames.FanOutShape),
            workflow.Input.ShortName,
            workflow.Output.ShortName,
            workflow.Steps.Select(s => DiagramStep(workflow, s)).ToArray());

        var writer = new SourceWriter();
        FileHeader.Write(writer);
        WorkflowClassScope.Open(writer, type);

        writer.Doc($"<summary>The workflow id, <c>{Identifiers.Xml(model.Id)}</c>.</summary>");
        writer.Line($"public const string Id = {Identifiers.Literal(model.Id)};");
        writer.Line();
        writer.Doc("<summary>A Mermaid flowchart of the workflow.</summary>");
        EmitDiagram(writer, diagram);
        writer.Line();
        var chained = IsSequentialChain(workflow);
        writer.Doc($"<summary>The definition of workflow <c>{Identifiers.Xml(model.Id)}</c>, as registered in the workflow registry.</summary>");
        if (chained)
        {
            EmitChainDefinition(writer, workflow, access, input, output);
        }
        else
        {
            EmitDefinition(writer, workflow, access, input, output);
        }

        var summary = $"<summary>\nRuns workflow <c>{Identifiers.Xml(model.Id)}</c> ({Identifiers.Xml(model.Strategy)}): " +
            string.Join(" → ", workflow.Steps.Select(s => Identifiers.Xml(Describe(workflow, s)))) + ".\n" +
            (string.IsNullOrWhiteSpace(model.Description) ? string.Empty : Identifiers.Xml(model.Description!) + "\n") +
            "</summary>\n" +
            "<remarks>\n<code>\n" + Identifiers.Xml(diagram).TrimEnd('\n') + "\n</code>\n</remarks>";
        writer.Doc(summary + "\n" +
            "<param name=\"input\">The workflow's input.</param>\n" +
            "<param name=\"services\">Where agents come from; when <see langword=\"null\"/>, agents are constructed directly (their constructors must need no services).</param>\n" +
            "<param name=\"options\">Run options: run id, run timeout, failure policy, fan-out limit, progress.</param>\n" +
            "<param name=\"cancellationToken\">Cancels the run; every running agent sees it.</param>\n" +
            "<returns>The run's status, typed output, step results, errors and duration.</returns>");
        writer.Signature(
            $"{access} static {RunResult(output)} RunAsync",
            " =>",
            $"{input} input",
            "global::System.IServiceProvider? services = null",
            "global::Orchestration.WorkflowRunOptions? options = null",
            OptionalTokenParameter);
        writer.Indent().Line("global::Orchestration.WorkflowRun.RunAsync(Definition, input, services, options, cancellationToken);").Unindent();
        writer.Line();
        writer.Doc($"<summary>Runs workflow <c>{Identifiers.Xml(model.Id)}</c> without dependency injection: agents are constructed directly.</summary>\n" +
            "<param name=\"input\">The workflow's input.</param>\n" +
            "<param name=\"cancellationToken\">Cancels the run; every running agent sees it.</param>\n" +
            "<returns>The run's status, typed output, step results, errors and duration.</returns>");
        writer.Signature(
            $"{access} static {RunResult(output)} RunAsync",
            " =>",
            $"{input} input",
            "global::System.Threading.CancellationToken cancellationToken");
        writer.Indent().Line("global::Orchestration.WorkflowRun.RunAsync(Definition, input, null, null, cancellationToken);").Unindent();
        writer.Line();
        writer.Doc($"<summary>Resumes a stopped or failed run of workflow <c>{Identifiers.Xml(model.Id)}</c> from its records, or a waiting one whose delay or deadline is due: completed steps are restored, the rest run.</summary>\n" +
            "<param name=\"runId\">The run to resume.</param>\n" +
            "<param name=\"services\">Where agents come from; when <see langword=\"null\"/>, agents are constructed directly.</param>\n" +
            "<param name=\"options\">Run options; <c>Store</c> must be the store the run was recorded in; when <see langword=\"null\"/>, the application's (<c>AddOrchestration(o => o.UseStore(...))</c>).</param>\n" +
            "<param name=\"cancellationToken\">Cancels the run; every running agent sees it.</param>\n" +
            "<returns>The run's status, typed output, step results (restored ones marked), errors and duration.</returns>\n" +
            "<exception cref=\"global::System.InvalidOperationException\">The run completed, belongs to another workflow, waits and is not due, or the workflow changed since it started.</exception>");
        writer.Signature(
            $"{access} static {RunResult(output)} ResumeAsync",
            " =>",
            "string runId",
            ServicesParameter,
            OptionsParameter,
            OptionalTokenParameter);
        writer.Indent().Line("global::Orchestration.WorkflowRun.ResumeAsync(Definition, runId, services, options, cancellationToken);").Unindent();
        writer.Line();
        foreach (var response in workflow.Responses)
        {
            EmitRespondAsync(writer, workflow, response, output);
        }

        writer.Doc($"<summary>Runs workflow <c>{Identifiers.Xml(model.Id)}</c> with the services it was created with; <c>AddOrchestration()</c> registers it.</summary>");
        writer.Open($"{access} sealed class Runner : global::Orchestration.WorkflowRunner<{input}, {output}>");
        writer.Doc("<summary>Creates a runner whose agents come from <paramref name=\"services\"/>.</summary>\n<param name=\"services\">The application's services.</param>");
        writer.Line("public Runner(global::System.IServiceProvider services)");
        writer.Indent().Line($": base({type.FullName}.Definition, services)").Unindent();
        writer.Line("{");
        writer.Line("}");
        writer.Close();
        if (!chained)
        {
            writer.Line();
            EmitExecuteAsync(writer, workflow, input, output);
        }

        WorkflowClassScope.Close(writer, type);
        return writer.ToString();
    }

    /// <summary>The type every run method of a workflow returns.</summary>
    private static string RunResult(string output) => $"global::System.Threading.Tasks.ValueTask<global::Orchestration.WorkflowResult<{output}>>";

    /// <summary>The diagram constant, one literal per line of the Mermaid text, so that the generated file reads as the diagram.</summary>
    private static void EmitDiagram(SourceWriter writer, string diagram)
    {
        var lines = diagram.Split('\n');
        var count = lines[lines.Length - 1].Length == 0 ? lines.Length - 1 : lines.Length;
        if (count <= 1)
        {
            writer.Line($"public const string Diagram = {Identifiers.Literal(diagram)};");
            return;
        }

        writer.Line("public const string Diagram =");
        writer.Indent();
        for (var i = 0; i < count; i++)
        {
            var text = i < lines.Length - 1 ? lines[i] + "\n" : lines[i];
            writer.Line(Identifiers.Literal(text) + (i < count - 1 ? " +" : ";"));
        }

        writer.Unindent();
    }

    /// <summary>
    /// The runner body of a workflow <see cref="global::Orchestration.SequentialChain"/> does not run: a fan-out and a
    /// long chain await their steps here; the other shapes return what their runtime pattern (or the user's strategy)
    /// returns, so their <c>ExecuteAsync</c> is no state machine of its own.
    /// </summary>
    private static void EmitExecuteAsync(SourceWriter writer, EmittableWorkflow workflow, string input, string output)
    {
        var awaits = workflow.StrategyFactory is null && (workflow.Shape == KnownNames.FanOutShape || IsChainShape(workflow.Shape));
        writer.Signature(
            $"private static {(awaits ? "async " : string.Empty)}{RunResult(output)} ExecuteAsync",
            string.Empty,
            $"{input} input",
            "global::Orchestration.WorkflowRun run",
            "global::System.Threading.CancellationToken cancellationToken");
        writer.Line("{");
        writer.Indent();
        if (workflow.StrategyFactory is not null)
        {
            EmitStrategyBody(writer, workflow, output);
        }
        else if (workflow.Shape == KnownNames.FanOutShape)
        {
            EmitFanOutBody(writer, workflow, output);
        }
        else if (workflow.Shape == KnownNames.TeachingShape)
        {
            EmitTeachingBody(writer, workflow, input);
        }
        else if (workflow.Shape == KnownNames.AdaptiveShape)
        {
            EmitAdaptiveBody(writer, workflow, input);
        }
        else if (workflow.Shape == KnownNames.RefinementShape)
        {
            EmitRefinementBody(writer, workflow, input);
        }
        else if (workflow.Shape is KnownNames.ConditionalShape or KnownNames.MultiConditionalShape)
        {
            EmitConditionalBody(writer, workflow, input);
        }
        else if (workflow.Shape == KnownNames.DebateShape)
        {
            EmitDebateBody(writer, workflow, input, output);
        }
        else if (workflow.Shape == KnownNames.DelegationShape)
        {
            EmitDelegationBody(writer, workflow, input, output);
        }
        else if (workflow.Shape == KnownNames.ForEachShape)
        {
            EmitForEachBody(writer, workflow, input);
        }
        else if (workflow.Shape == KnownNames.RepeatUntilShape)
        {
            EmitRepeatUntilBody(writer, workflow);
        }
        else
        {
            EmitChainBody(writer, workflow, output);
        }

        writer.Close();
    }

    /// <summary>
    /// <c>RespondAsync</c> for one response type: the overload exists only for the types the workflow's runs can wait
    /// for, so a response of another type does not compile.
    /// </summary>
    private static void EmitRespondAsync(SourceWriter writer, EmittableWorkflow workflow, AwaitedResponse response, string output)
    {
        var model = workflow.Model;
        var access = workflow.IsPublic && response.Response.IsPublic ? "public" : "internal";
        var requests = response.RequestIds.Select(id => $"<c>{Identifiers.Xml(id)}</c>").ToArray();
        var waitsFor = requests.Length == 1 ? "input request " + requests[0] : "one of the input requests " + string.Join(", ", requests);
        writer.Doc(
            $"<summary>\nAnswers a run of workflow <c>{Identifiers.Xml(model.Id)}</c> that waits for {waitsFor}: checks the response,\n" +
            "records it and continues the run in this process.\n</summary>\n" +
            "<param name=\"runId\">The waiting run.</param>\n" +
            "<param name=\"response\">The response.</param>\n" +
            "<param name=\"services\">Where agents and the request class come from; when <see langword=\"null\"/>, they are constructed directly.</param>\n" +
            "<param name=\"options\">Run options; <c>Store</c> must be the store the run is recorded in; when <see langword=\"null\"/>, the application's (<c>AddOrchestration(o => o.UseStore(...))</c>).</param>\n" +
            "<param name=\"cancellationToken\">Cancels the continued run.</param>\n" +
            "<returns>The continued run's result: completed, failed, or waiting again at a later step.</returns>\n" +
            "<exception cref=\"global::System.ArgumentException\">The request class refused the response; the run still waits.</exception>\n" +
            "<exception cref=\"global::System.InvalidOperationException\">The run is not waiting for a response, or its deadline passed.</exception>");
        writer.Signature(
            $"{access} static {RunResult(output)} RespondAsync",
            " =>",
            "string runId",
            $"{response.Response.FullName} response",
            ServicesParameter,
            OptionsParameter,
            OptionalTokenParameter);
        writer.Indent().Line("global::Orchestration.WorkflowRun.RespondAsync(Definition, runId, response, services, options, cancellationToken);").Unindent();
        writer.Line();
    }

    /// <summary>The definition of a workflow whose runner is generated: its steps by name, and <c>ExecuteAsync</c>.</summary>
    private static void EmitDefinition(SourceWriter writer, EmittableWorkflow workflow, string access, string input, string output)
    {
        var model = workflow.Model;
        writer.Line($"{access} static global::Orchestration.WorkflowDefinition<{input}, {output}> Definition {{ get; }} = new(");
        writer.Indent();
        writer.Line($"id: {Identifiers.Literal(model.Id)},");
        writer.Line($"strategy: {Identifiers.Literal(model.Strategy)},");
        writer.Line("steps: new global::Orchestration.WorkflowStep[]");
        writer.Line("{");
        writer.Indent();
        foreach (var step in workflow.Steps)
        {
            // A nested workflow is named by its definition, so that its fingerprint is part of this one's.
            writer.Line(step.Kind switch
            {
                StepKind.Workflow => $"global::Orchestration.WorkflowStep.Workflow({step.Accessor}),",
                StepKind.Wait => $"global::Orchestration.WorkflowStep.Await({step.Accessor}),",
                StepKind.Timer when IsUntil(workflow, step) =>
                    $"global::Orchestration.WorkflowStep.DelayUntil({Identifiers.Literal(step.Accessor)}, static input => {step.Accessor}(({step.Input!.FullName})input!)),",
                StepKind.Timer => $"global::Orchestration.WorkflowStep.DelayFor({step.Accessor}),",
                _ => $"global::Orchestration.WorkflowStep.Agent({Identifiers.Literal(step.Id)}),",
            });
        }

        writer.Unindent();
        writer.Line("},");
        writer.Line("execute: ExecuteAsync,");
        writer.Line($"description: {Identifiers.Literal(model.Description)},");
        writer.Line($"maxDepth: {workflow.MaxDepth},");
        writer.Line("diagram: Diagram);");
        writer.Unindent();
        writer.Line();
    }

    /// <summary>Whether the workflow is a chain <see cref="global::Orchestration.SequentialChain"/> runs (no runner body of its own).</summary>
    private static bool IsSequentialChain(EmittableWorkflow workflow) =>
        workflow.StrategyFactory is null && IsChainShape(workflow.Shape) && workflow.Steps.Count <= KnownNames.MaxChainSteps;

    /// <summary>The shapes whose steps run one after the other, each on what the one before gave.</summary>
    private static bool IsChainShape(int shape) =>
        shape is KnownNames.ChainShape or KnownNames.PromptCachedShape or KnownNames.NestedShape or KnownNames.ToolEnhancedShape;

    /// <summary>
    /// The definition of a chain of up to <see cref="KnownNames.MaxChainSteps"/> steps: <c>SequentialChain.Define</c>
    /// over its typed steps (the templates, nested definitions and request definitions themselves, and delays), which
    /// lists the steps and runs them, so the workflow has no <c>ExecuteAsync</c>.
    /// </summary>
    private static void EmitChainDefinition(SourceWriter writer, EmittableWorkflow workflow, string access, string input, string output)
    {
        var model = workflow.Model;
        var handoff = PromptCacheHandoff(workflow) ?? "null";
        writer.Line($"{access} static global::Orchestration.WorkflowDefinition<{input}, {output}> Definition {{ get; }} = global::Orchestration.SequentialChain.Define(");
        writer.Indent();
        writer.Line($"id: {Identifiers.Literal(model.Id)},");
        writer.Line($"strategy: {Identifiers.Literal(model.Strategy)},");
        writer.Line($"description: {Identifiers.Literal(model.Description)},");
        writer.Line($"maxDepth: {workflow.MaxDepth},");
        writer.Line("diagram: Diagram,");
        writer.Line($"handoff: {handoff},");
        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            var step = workflow.Steps[i];
            var end = i == workflow.Steps.Count - 1 ? ");" : ",";
            writer.Line(step.Kind switch
            {
                StepKind.Timer when IsUntil(workflow, step) =>
                    $"global::Orchestration.ChainStep.DelayUntil<{step.Input!.FullName}>({Identifiers.Literal(step.Accessor)}, static input => {step.Accessor}(input)){end}",
                StepKind.Timer => $"global::Orchestration.ChainStep.DelayFor<{step.Input!.FullName}>({step.Accessor}){end}",
                // A template, a nested workflow's definition and an input request definition are chain steps themselves.
                _ => $"{step.Accessor}{end}",
            });
        }

        writer.Unindent();
        writer.Line();
    }

    /// <summary>prompt_cached_sequential: every agent step gets the same shared context, sent first by chat agents.</summary>
    private static string? PromptCacheHandoff(EmittableWorkflow workflow) => workflow.Shape == KnownNames.PromptCachedShape
        ? $"new global::Orchestration.PromptCacheHandoff({Identifiers.Literal(workflow.Model.CachedContext)})"
        : null;

    private static bool IsUntil(EmittableWorkflow workflow, ResolvedStep step) => workflow.Model.Steps[step.Index - 1].Until is not null;

    /// <summary>How a step is named in the runner's summary: <c>pricer</c>, <c>workflow checkout</c>, <c>await editor_approval</c>, <c>delay 1h</c>.</summary>
    private static string Describe(EmittableWorkflow workflow, ResolvedStep step) => step.Kind switch
    {
        StepKind.Workflow => "workflow " + step.Id,
        StepKind.Wait => "await " + step.Id,
        StepKind.Timer => "delay " + DelayLabel(workflow, step),
        _ => step.Id,
    };

    private static string DelayLabel(EmittableWorkflow workflow, ResolvedStep step)
    {
        var declared = workflow.Model.Steps[step.Index - 1];
        return MermaidDiagram.DelayLabel(declared.DelaySeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, declared.Until?.Name);
    }

    private static MermaidDiagram.Step DiagramStep(EmittableWorkflow workflow, ResolvedStep step) => step.Kind switch
    {
        StepKind.Workflow => new MermaidDiagram.Step(MermaidDiagram.Node.Workflow, step.Id, step.Output!.ShortName),
        StepKind.Wait => new MermaidDiagram.Step(MermaidDiagram.Node.Wait, step.Id, step.Output!.ShortName),
        StepKind.Timer => new MermaidDiagram.Step(MermaidDiagram.Node.Delay, DelayLabel(workflow, step), step.Output!.ShortName),
        _ => new MermaidDiagram.Step(MermaidDiagram.Node.Agent, step.Id, step.Output!.ShortName),
    };

    /// <summary>The runner body of a chain longer than <c>SequentialChain</c> takes: the same steps, awaited here.</summary>
    private static void EmitChainBody(SourceWriter writer, EmittableWorkflow workflow, string output)
    {
        var handoff = PromptCacheHandoff(workflow);
        if (handoff is not null)
        {
            writer.Line($"var cache = {handoff};");
        }

        var previous = "input";
        foreach (var step in workflow.Steps)
        {
            // A wait returns at once when it records its request: the step is not Succeeded, and Fail makes the run Waiting.
            var call = step.Kind switch
            {
                StepKind.Workflow => $"run.RunWorkflowAsync({step.Index}, {step.Accessor}, {previous}, cancellationToken)",
                StepKind.Wait => $"run.AwaitResponseAsync({step.Index}, {step.Accessor}, {previous}, cancellationToken)",
                StepKind.Timer when IsUntil(workflow, step) => $"run.DelayUntilAsync({step.Index}, {previous}, static input => {step.Accessor}(input), cancellationToken)",
                StepKind.Timer => $"run.DelayAsync({step.Index}, {step.Accessor}, {previous}, cancellationToken)",
                _ when handoff is not null => $"run.RunAgentAsync({step.Index}, {step.Accessor}, {previous}, cache, cancellationToken)",
                _ => $"run.RunAgentAsync({step.Index}, {step.Accessor}, {previous}, cancellationToken)",
            };
            writer.Line($"var step{step.Index} = await {call}.ConfigureAwait(false);");
            writer.Open($"if (!step{step.Index}.Succeeded)");
            writer.Line($"return run.Fail<{output}>(step{step.Index});");
            writer.Close();
            writer.Line();
            previous = $"step{step.Index}.Output!";
        }

        writer.Line($"return run.Complete<{output}>({previous});");
    }

    private static void EmitFanOutBody(SourceWriter writer, EmittableWorkflow workflow, string output)
    {
        writer.Line("using var scope = run.BeginParallel(cancellationToken);");
        foreach (var step in workflow.Steps)
        {
            var call = step.IsWorkflow ? "RunWorkflowAsync" : "RunAgentAsync";
            writer.Line($"var branch{step.Index} = scope.{call}({step.Index}, {step.Accessor}, input);");
        }

        writer.Line("await global::System.Threading.Tasks.Task.WhenAll(" + string.Join(", ", workflow.Steps.Select(s => $"branch{s.Index}")) + ").ConfigureAwait(false);");
        writer.Open("if (scope.Failure is { } failure)");
        writer.Line($"return run.Fail<{output}>(failure);");
        writer.Close();
        writer.Line();
        var outputs = workflow.Steps.Select(s => $"branch{s.Index}.Result.Output!").ToArray();
        writer.Line($"return run.Complete<{output}>({(outputs.Length == 1 ? outputs[0] : "(" + string.Join(", ", outputs) + ")")});");
    }

    private static void EmitTeachingBody(SourceWriter writer, EmittableWorkflow workflow, string input)
    {
        var answer = workflow.Steps[0].Output!.FullName;
        var threshold = (workflow.ConfidenceThreshold ?? KnownNames.DefaultTeachingThreshold).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        writer.Line($"return global::Orchestration.Teaching.RunAsync<{input}, {answer}>(");
        writer.Indent();
        writer.Line("run,");
        writer.Line("input,");
        writer.Line($"static (run, question, handoff, token) => {StepCall(workflow.Steps[0])},");
        writer.Line($"static (run, question, handoff, token) => {StepCall(workflow.Steps[1])},");
        writer.Line($"threshold: {threshold},");
        writer.Line("cancellationToken);");
        writer.Unindent();

        // An agent step receives the handoff in its context; a nested workflow step receives only the question.
        static string StepCall(ResolvedStep step) => step.IsWorkflow
            ? $"run.RunWorkflowAsync({step.Index}, {step.Accessor}, question, token)"
            : $"run.RunAgentAsync({step.Index}, {step.Accessor}, question, handoff, token)";
    }

    private static void EmitDelegationBody(SourceWriter writer, EmittableWorkflow workflow, string input, string output)
    {
        var (planner, synthesizer) = (workflow.Steps[0], workflow.Steps[workflow.Steps.Count - 1]);
        var specialists = workflow.Steps.Skip(1).Take(workflow.Steps.Count - 2).ToArray();
        var report = specialists[0].Output!.FullName;
        writer.Line($"return global::Orchestration.DelegationChain.RunAsync<{input}, {report}, {output}>(");
        writer.Indent();
        writer.Line("run,");
        writer.Line("input,");
        writer.Line(planner.IsWorkflow
            ? $"static (run, question, token) => run.RunWorkflowAsync({planner.Index}, {planner.Accessor}, question, token),"
            : $"static (run, question, token) => run.RunAgentAsync({planner.Index}, {planner.Accessor}, question, token),");
        writer.Line($"new global::Orchestration.Delegate<{report}>[]");
        writer.Line("{");
        writer.Indent();
        foreach (var specialist in specialists)
        {
            var call = specialist.IsWorkflow
                ? $"run.RunWorkflowAsync({specialist.Index}, {specialist.Accessor}, task, token)"
                : $"run.RunAgentAsync({specialist.Index}, {specialist.Accessor}, task, handoff, token)";
            writer.Line($"new({Identifiers.Literal(specialist.Id)}, static (run, task, handoff, token) => {call}),");
        }

        writer.Unindent();
        writer.Line("},");
        writer.Line(synthesizer.IsWorkflow
            ? $"static (run, reports, token) => run.RunWorkflowAsync({synthesizer.Index}, {synthesizer.Accessor}, reports, token),"
            : $"static (run, reports, token) => run.RunAgentAsync({synthesizer.Index}, {synthesizer.Accessor}, reports, token),");
        writer.Line("cancellationToken);");
        writer.Unindent();
    }

    private static bool HasJudge(EmittableWorkflow workflow) =>
        workflow.Steps[workflow.Steps.Count - 1].Input!.Key.StartsWith(KnownNames.DebateTranscriptPrefix, StringComparison.Ordinal);

    private static void EmitDebateBody(SourceWriter writer, EmittableWorkflow workflow, string input, string output)
    {
        var judge = HasJudge(workflow) ? workflow.Steps[workflow.Steps.Count - 1] : null;
        IReadOnlyList<ResolvedStep> participants = judge is null ? workflow.Steps : workflow.Steps.Take(workflow.Steps.Count - 1).ToArray();
        var position = participants[0].Output!.FullName;
        writer.Line(judge is null
            ? $"return global::Orchestration.Debate.RunAsync<{input}, {position}>("
            : $"return global::Orchestration.Debate.RunAsync<{input}, {position}, {output}>(");
        writer.Indent();
        writer.Line("run,");
        writer.Line("input,");
        writer.Line($"new global::Orchestration.Participant<{input}, {position}>[]");
        writer.Line("{");
        writer.Indent();
        foreach (var participant in participants)
        {
            var call = participant.IsWorkflow
                ? $"run.RunWorkflowAsync({participant.Index}, {participant.Accessor}, question, token)"
                : $"run.RunAgentAsync({participant.Index}, {participant.Accessor}, question, handoff, token)";
            writer.Line($"new({Identifiers.Literal(participant.Id)}, static (run, question, handoff, token) => {call}),");
        }

        writer.Unindent();
        writer.Line("},");
        writer.Line($"rounds: {workflow.Model.Rounds ?? KnownNames.DefaultRounds},");
        if (judge is not null)
        {
            writer.Line(judge.IsWorkflow
                ? $"static (run, transcript, token) => run.RunWorkflowAsync({judge.Index}, {judge.Accessor}, transcript, token),"
                : $"static (run, transcript, token) => run.RunAgentAsync({judge.Index}, {judge.Accessor}, transcript, token),");
        }

        writer.Line("cancellationToken);");
        writer.Unindent();
    }

    private static void EmitConditionalBody(SourceWriter writer, EmittableWorkflow workflow, string input)
    {
        var answer = workflow.Steps[0].Output!.FullName;
        writer.Line($"return global::Orchestration.Conditional.RunAsync<{input}, {answer}>(");
        writer.Indent();
        writer.Line("run,");
        writer.Line("input,");
        writer.Line($"new global::Orchestration.Branch<{input}, {answer}>[]");
        writer.Line("{");
        writer.Indent();
        foreach (var branch in workflow.Steps)
        {
            var condition = workflow.Model.Steps[branch.Index - 1].When?.Name;
            var call = branch.IsWorkflow
                ? $"run.RunWorkflowAsync({branch.Index}, {branch.Accessor}, question, token)"
                : $"run.RunAgentAsync({branch.Index}, {branch.Accessor}, question, token)";
            writer.Line($"new({Identifiers.Literal(branch.Id)}, {Identifiers.Literal(condition)}, {condition ?? "null"}, static (run, question, token) => {call}),");
        }

        writer.Unindent();
        writer.Line("},");
        writer.Line("cancellationToken);");
        writer.Unindent();
    }

    private static void EmitRefinementBody(SourceWriter writer, EmittableWorkflow workflow, string input)
    {
        var (drafter, critic) = (workflow.Steps[0], workflow.Steps[1]);
        var draft = drafter.Output!.FullName;
        writer.Line($"return global::Orchestration.Refinement.RunAsync<{input}, {draft}>(");
        writer.Indent();
        writer.Line("run,");
        writer.Line("input,");
        writer.Line($"static (run, question, handoff, token) => {Call(drafter, "question")},");
        writer.Line($"static (run, draft, token) => {Call(critic, "draft", handoff: false)},");
        writer.Line(workflow.Steps.Count == 3
            ? $"static (run, draft, handoff, token) => {Call(workflow.Steps[2], "draft")},"
            : "null,");
        writer.Line($"maxIterations: {workflow.Model.MaxIterations ?? KnownNames.DefaultMaxIterations},");
        writer.Line("cancellationToken);");
        writer.Unindent();

        static string Call(ResolvedStep step, string argument, bool handoff = true) => step.IsWorkflow
            ? $"run.RunWorkflowAsync({step.Index}, {step.Accessor}, {argument}, token)"
            : $"run.RunAgentAsync({step.Index}, {step.Accessor}, {argument}, {(handoff ? "handoff" : "null")}, token)";
    }

    /// <summary>An agent body gets its <c>LoopIteration</c> as its handoff; a nested workflow gets only its input.</summary>
    private static string LoopBodyCall(ResolvedStep body, string argument) => body.IsWorkflow
        ? $"run.RunWorkflowAsync({body.Index}, {body.Accessor}, {argument}, token)"
        : $"run.RunAgentAsync({body.Index}, {body.Accessor}, {argument}, iteration, token)";

    private static void EmitForEachBody(SourceWriter writer, EmittableWorkflow workflow, string input)
    {
        var body = workflow.Steps[0];
        var items = workflow.Model.Items;
        var item = items?.Element?.FullName ?? body.Input!.FullName;
        writer.Line($"return global::Orchestration.ForEach.RunAsync<{input}, {item}, {body.Output!.FullName}>(");
        writer.Indent();
        writer.Line("run,");
        writer.Line("input,");
        writer.Line(items is null ? "static input => input," : $"static input => {items.Name}(input),");
        writer.Line($"{Identifiers.Literal(items is null ? "the input" : items.Name)},");
        writer.Line($"static (run, item, iteration, token) => {LoopBodyCall(body, "item")},");
        writer.Line($"maxParallelism: {workflow.Model.MaxParallelism ?? 1},");
        writer.Line("cancellationToken);");
        writer.Unindent();
    }

    private static void EmitRepeatUntilBody(SourceWriter writer, EmittableWorkflow workflow)
    {
        var body = workflow.Steps[0];
        var until = workflow.Model.Until!.Name;
        writer.Line($"return global::Orchestration.RepeatUntil.RunAsync<{body.Output!.FullName}>(");
        writer.Indent();
        writer.Line("run,");
        writer.Line("input,");
        writer.Line($"static (run, current, iteration, token) => {LoopBodyCall(body, "current")},");
        writer.Line($"static output => {until}(output),");
        writer.Line($"{Identifiers.Literal(until)},");
        writer.Line($"maxIterations: {workflow.Model.MaxIterations ?? KnownNames.DefaultMaxIterations},");
        writer.Line("cancellationToken);");
        writer.Unindent();
    }

    private static void EmitAdaptiveBody(SourceWriter writer, EmittableWorkflow workflow, string input)
    {
        var classifier = workflow.Steps[0];
        var classification = classifier.Output!.FullName;
        var answer = workflow.Steps[1].Output!.FullName;
        var threshold = (workflow.ConfidenceThreshold ?? KnownNames.DefaultAdaptiveThreshold).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        writer.Line($"return global::Orchestration.Adaptive.RunAsync<{input}, {classification}, {answer}>(");
        writer.Indent();
        writer.Line("run,");
        writer.Line("input,");
        writer.Line(classifier.IsWorkflow
            ? $"static (run, question, token) => run.RunWorkflowAsync({classifier.Index}, {classifier.Accessor}, question, token),"
            : $"static (run, question, token) => run.RunAgentAsync({classifier.Index}, {classifier.Accessor}, question, token),");
        writer.Line($"new global::Orchestration.Specialist<{input}, {answer}>[]");
        writer.Line("{");
        writer.Indent();
        foreach (var specialist in workflow.Steps.Skip(1))
        {
            // Nested workflows have no tier of their own; they count as Capable.
            var tier = specialist.IsWorkflow ? "global::Orchestration.ModelTier.Capable" : $"{specialist.Accessor}.Tier";
            var call = specialist.IsWorkflow
                ? $"run.RunWorkflowAsync({specialist.Index}, {specialist.Accessor}, question, token)"
                : $"run.RunAgentAsync({specialist.Index}, {specialist.Accessor}, question, handoff, token)";
            writer.Line($"new({Identifiers.Literal(specialist.Id)}, {tier}, static (run, question, handoff, token) => {call}),");
        }

        writer.Unindent();
        writer.Line("},");
        writer.Line($"router: {(workflow.Model.Router is { } router ? router.Name : "null")},");
        writer.Line($"threshold: {threshold},");
        writer.Line("cancellationToken);");
        writer.Unindent();
    }

    private static void EmitStrategyBody(SourceWriter writer, EmittableWorkflow workflow, string output)
    {
        writer.Line("var steps = new global::Orchestration.Strategies.ExecutableStep[]");
        writer.Line("{");
        writer.Indent();
        foreach (var step in workflow.Steps)
        {
            var factory = step.IsWorkflow ? "ForWorkflow" : "ForAgent";
            writer.Line($"global::Orchestration.Strategies.ExecutableStep.{factory}(run, {step.Index}, {step.Accessor}),");
        }

        writer.Unindent();
        writer.Line("};");
        string convert;
        if (workflow.Shape == KnownNames.FanOutShape && workflow.Steps.Count > 1)
        {
            var items = workflow.Steps.Select((s, i) => $"({s.Output!.FullName})outputs[{i}]!");
            convert = $"static value => value is object?[] outputs && outputs.Length == {workflow.Steps.Count} ? ({string.Join(", ", items)}) : throw new global::System.InvalidCastException()";
        }
        else if (workflow.Shape == KnownNames.FanOutShape)
        {
            convert = $"static value => value is object?[] outputs && outputs.Length == 1 ? ({output})outputs[0]! : ({output})value!";
        }
        else
        {
            convert = $"static value => ({output})value!";
        }

        writer.Line($"return run.ExecuteStrategyAsync<{output}>({workflow.StrategyFactory}(run.Services), steps, input, {convert}, cancellationToken);");
    }
}
