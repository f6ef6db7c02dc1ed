using System;
using System.Collections.Generic;
using System.Linq;
using Orchestration.Rules;

namespace Orchestration.Declarations;

// Resolving a workflow's strategy and steps against everything the compilation can see.
internal sealed partial class DeclarationCatalog
{
    private ResolvedWorkflow Resolve(WorkflowModel model)
    {
        if (_resolved.TryGetValue(model.Id, out var done) && ReferenceEquals(done.Model, model))
        {
            return done;
        }

        _resolving.Add(model.Id);
        var maxDepth = model.MaxDepth ?? DefaultMaxDepth;
        var problems = new List<Problem>();
        foreach (var classProblem in model.Class.Problems)
        {
            problems.Add(new Problem(ProblemKind.InvalidClass, $"Workflow '{model.Id}' cannot get a generated runner: {classProblem}", ProblemTarget.Class));
        }

        foreach (var member in model.Class.ClashingMembers)
        {
            problems.Add(new Problem(ProblemKind.InvalidClass,
                $"Workflow '{model.Id}' cannot get a generated runner: it declares its own member '{member}', and the generator adds {GeneratedMembers.Description}; rename or remove '{member}'",
                ProblemTarget.Member, Member: member));
        }

        if (string.IsNullOrWhiteSpace(model.Id) || model.Id.Trim().Length != model.Id.Length)
        {
            problems.Add(new Problem(ProblemKind.InvalidId, InvalidIdMessage($"workflow id", model.Id, model.Class.Name), ProblemTarget.WorkflowId));
        }
        else if (_workflows[model.Id].Count > 1)
        {
            problems.Add(new Problem(ProblemKind.DuplicateId,
                $"Workflow id '{model.Id}' is declared more than once ({Origins(_workflows[model.Id].Select(w => w.Local?.Class.FullName.Replace("global::", string.Empty) ?? w.Origin))})", ProblemTarget.WorkflowId));
        }

        var (shape, strategyFactory, strategyKnown) = ResolveStrategy(model, problems);

        var arity = ShapeRules.Arity(shape);
        if (ShapeRules.CheckArity(model.Id, model.Strategy, shape, model.Steps.Count) is { } wrongCount)
        {
            problems.Add(model.Steps.Count == 0 ? wrongCount with { Text = $"{wrongCount.Text}; add [Step(\"template_id\")] or [Step(Workflow = \"workflow_id\")]" } : wrongCount);
        }

        var steps = new List<ResolvedStep>();
        for (var i = 0; i < model.Steps.Count; i++)
        {
            steps.Add(ResolveStep(model, model.Steps[i], i + 1, problems));
        }

        // A wait or delay where it cannot be held has no meaning there: its types are not checked on top.
        var misplaced = strategyKnown && CheckPlacement(model, problems);
        if (!misplaced && shape is KnownNames.ChainShape or KnownNames.PromptCachedShape or KnownNames.NestedShape)
        {
            TypeDelays(model, steps, problems);
        }

        var (depth, path, cycle) = Depth(model.Id);
        if (cycle is not null && cycle.Contains(model.Id))
        {
            // Report at the step that enters the cycle; the cycle is shown starting from this workflow.
            var start = System.Array.IndexOf(cycle, model.Id);
            var rotated = start >= 0 ? cycle.Skip(start).Take(cycle.Length - 1 - start).Concat(cycle.Take(start + 1)).ToArray() : cycle;
            problems.Add(new Problem(ProblemKind.Cycle,
                NestingRule.Cycle(model.Id, rotated),
                ProblemTarget.StepTarget, FirstStepTo(model, rotated.Length > 1 ? rotated[1] : null)));
        }
        else if (maxDepth < 1)
        {
            problems.Add(new Problem(ProblemKind.InvalidMaxDepth,
                $"Workflow '{model.Id}': MaxDepth must be at least 1 (it is {maxDepth}); it counts how many levels of workflow references may stack below this workflow",
                ProblemTarget.MaxDepth));
        }
        else if (depth > maxDepth)
        {
            problems.Add(new Problem(ProblemKind.DepthExceeded,
                NestingRule.TooDeep(model.Id, shape == KnownNames.DelegationShape, path, maxDepth, model.MaxDepth is null ? DefaultMaxDepthSource : NestingRule.DefinitionLimit),
                ProblemTarget.StepTarget, FirstStepTo(model, path[1])));
        }

        CheckConditions(model, shape, problems);
        if (shape == KnownNames.NestedShape && model.Steps.Count == 1 && model.Steps[0].Kind is { } only && only != StepKind.Workflow)
        {
            var names = only switch
            {
                StepKind.Agent => (RuleText)$"names an agent template",
                StepKind.Wait => (RuleText)$"waits for an input request",
                _ => (RuleText)$"is a delay",
            };
            problems.Add(new Problem(ProblemKind.Arity,
                $"Workflow '{model.Id}' uses strategy '{model.Strategy}', which runs one referenced workflow, but step 1 {names}; use [Step(Workflow = \"id\")], or the sequential strategy to run agents",
                ProblemTarget.Step, 1));
        }

        if (shape == KnownNames.ToolEnhancedShape && model.Steps.Count == 1 && model.Steps[0].Template is { } toolUser &&
            _templates.TryGetValue(toolUser, out var toolSources) && toolSources[0].Local is { Tools.Count: 0 })
        {
            problems.Add(new Problem(ProblemKind.Arity,
                $"Workflow '{model.Id}' uses strategy '{model.Strategy}', but template '{toolUser}' lists no tools; give it some with [AgentTemplate(\"{toolUser}\", Tools = [\"tool_name\"])]",
                ProblemTarget.StepTarget, 1));
        }

        CheckOptions(model, shape, problems);

        TypeRef? input = null;
        TypeRef? output = null;
        if (!misplaced && steps.Count >= arity.Min && steps.Count <= arity.Max && steps.All(s => s.Input is not null && s.Output is not null))
        {
            var ruleSteps = steps.Select(s => new RuleStep<TypeRef>(s.Index, s.Id, s.Input, s.Output, model.Steps[s.Index - 1].When is not null)).ToArray();
            var itemsOk = ItemsMethod(model, shape, steps[0], problems, out var itemsInput);
            (input, output) = itemsOk ? ShapeRules.Types(ModelTypeFacts.Instance, model.Id, model.Strategy, shape, ruleSteps, problems, itemsInput) : (null, null);
            if (!NamedMethods(model, shape, steps, typesOk: input is not null, problems))
            {
                (input, output) = (null, null);
            }
        }

        var responses = Responses(model.Id);
        if (input is not null)
        {
            foreach (var own in model.Class.OwnMethods)
            {
                if (GeneratedMembers.Signatures(input, responses.Select(r => r.Response)).Any(g => g.Name == own.Name && g.Parameters.SequenceEqual(own.Parameters)))
                {
                    problems.Add(new Problem(ProblemKind.InvalidClass,
                        $"Workflow '{model.Id}' cannot get a generated runner: it declares its own method {own.Display}, and the generator adds one with the same parameters; rename it or change its parameters",
                        ProblemTarget.Member, Member: own.Display));
                }
            }
        }

        _resolving.Remove(model.Id);
        var resolved = new ResolvedWorkflow(model, maxDepth, shape, strategyFactory, steps, input, output, problems, responses);
        _resolved[model.Id] = resolved;
        return resolved;
    }

    /// <summary>The strategy a workflow names: its shape and factory, or the problem with the name (unknown, empty, declared twice, broken).</summary>
    private (int Shape, string? Factory, bool Known) ResolveStrategy(WorkflowModel model, List<Problem> problems)
    {
        var shape = KnownNames.ChainShape;
        string? strategyFactory = null;
        if (_strategies.TryGetValue(model.Strategy, out var strategySources))
        {
            var strategy = strategySources[0];
            shape = strategy.Entry.Shape;
            strategyFactory = strategy.Entry.FactoryAccessor;
            if (strategySources.Count > 1)
            {
                problems.Add(new Problem(ProblemKind.InvalidDependency, $"Strategy '{model.Strategy}' is declared more than once", ProblemTarget.Strategy));
            }
            else if (!strategy.IsBuiltIn && strategyFactory is null)
            {
                problems.Add(new Problem(ProblemKind.InvalidDependency, $"Strategy '{model.Strategy}' cannot be used until its own errors are fixed", ProblemTarget.Strategy));
            }
        }
        else if (string.IsNullOrWhiteSpace(model.Strategy))
        {
            problems.Add(new Problem(ProblemKind.UnknownStrategy,
                $"Workflow '{model.Id}' names no strategy: Strategy is {(model.StrategyIsNull ? "null" : EmptyOrBlank(model.Strategy))}; name one, or remove the argument to run the steps in sequence (sequential). Available: {Available(_strategies.Keys)}.",
                ProblemTarget.Strategy));
        }
        else
        {
            problems.Add(new Problem(ProblemKind.UnknownStrategy, $"Workflow '{model.Id}': {UnknownMessage($"strategy", model.Strategy, _strategies.Keys)}", ProblemTarget.Strategy,
                Suggestion: NameSuggestions.FindClosest(model.Strategy, _strategies.Keys)));
        }

        return (shape, strategyFactory, strategySources is not null);
    }

    private ResolvedStep ResolveStep(WorkflowModel workflow, StepModel step, int index, List<Problem> problems)
    {
        if (step.Kind is not { } kind)
        {
            problems.Add(new Problem(ProblemKind.StepTarget,
                $"Step {index} of workflow '{workflow.Id}' must name exactly one of a template ([Step(\"template_id\")]), a workflow ([Step(Workflow = \"workflow_id\")]), an input request to wait for ([Step(Await = \"request_id\")]) or a delay ([Step(DelaySeconds = 60)] or [Step(Until = nameof(Method))], not both)",
                ProblemTarget.Step, index));
            return new ResolvedStep(index, step.TargetId ?? string.Empty, StepKind.Agent, null, null, null);
        }

        if (kind == StepKind.Wait)
        {
            return ResolveWait(workflow, step.Await!, index, problems);
        }

        if (kind == StepKind.Timer)
        {
            // Typed later (TypeDelays): a delay passes on whatever reaches it. Its accessor is what it waits for.
            if (step.DelaySeconds is not { } seconds)
            {
                return new ResolvedStep(index, StepModel.DelayId, StepKind.Timer, step.Until!.Name, null, null);
            }

            if (seconds < 1)
            {
                problems.Add(new Problem(ProblemKind.InvalidOption,
                    $"Workflow '{workflow.Id}' step {index}: DelaySeconds must be at least 1 (it is {seconds}); to wait until a time computed from the step's input, use Until = nameof(Method)",
                    ProblemTarget.StepTarget, index));
            }

            return new ResolvedStep(index, StepModel.DelayId, StepKind.Timer, $"global::System.TimeSpan.FromSeconds({seconds})", null, null);
        }

        if (step.Template is { } templateId)
        {
            if (string.IsNullOrWhiteSpace(templateId))
            {
                problems.Add(new Problem(ProblemKind.UnknownTemplate,
                    $"Step {index} of workflow '{workflow.Id}' names no agent template: the id is {EmptyOrBlank(templateId)}; give the id of an [AgentTemplate]. Available: {Available(_templates.Keys)}.",
                    ProblemTarget.StepTarget, index));
                return new ResolvedStep(index, templateId, StepKind.Agent, null, null, null);
            }

            if (!_templates.TryGetValue(templateId, out var sources))
            {
                problems.Add(new Problem(ProblemKind.UnknownTemplate,
                    $"Step {index} of workflow '{workflow.Id}': {UnknownMessage($"template", templateId, _templates.Keys)}", ProblemTarget.StepTarget, index,
                    NameSuggestions.FindClosest(templateId, _templates.Keys)));
                return new ResolvedStep(index, templateId, StepKind.Agent, null, null, null);
            }

            var source = sources[0];
            if (sources.Count > 1)
            {
                problems.Add(new Problem(ProblemKind.InvalidDependency, $"Template '{templateId}' is declared more than once", ProblemTarget.StepTarget, index));
            }
            else if (source.Local is { CanEmit: false } local)
            {
                problems.Add(new Problem(ProblemKind.InvalidDependency,
                    $"Template '{templateId}' cannot be used until its own errors are fixed", ProblemTarget.StepTarget, index));
            }
            else if (source.Entry.Accessor is null)
            {
                problems.Add(new Problem(ProblemKind.UnusableReference,
                    $"Step {index} of workflow '{workflow.Id}': template '{templateId}' from {source.Origin} is not public (its agent, input or output type is internal), so this assembly cannot run it; make those types public",
                    ProblemTarget.StepTarget, index));
            }

            return new ResolvedStep(index, templateId, StepKind.Agent, source.Entry.Accessor, source.Entry.Input, source.Entry.Output);
        }

        var workflowId = step.Workflow!;
        if (string.IsNullOrWhiteSpace(workflowId))
        {
            problems.Add(new Problem(ProblemKind.UnknownWorkflow,
                $"Step {index} of workflow '{workflow.Id}' names no workflow: Workflow is {EmptyOrBlank(workflowId)}; give the id of a [Workflow]. Available: {Available(_workflows.Keys.Where(id => id != workflow.Id))}.",
                ProblemTarget.StepTarget, index));
            return new ResolvedStep(index, workflowId, StepKind.Workflow, null, null, null);
        }

        if (!_workflows.TryGetValue(workflowId, out var workflowSources))
        {
            // A workflow cannot run itself: it is not offered.
            var others = _workflows.Keys.Where(id => id != workflow.Id).ToArray();
            problems.Add(new Problem(ProblemKind.UnknownWorkflow,
                $"Step {index} of workflow '{workflow.Id}': {UnknownMessage($"workflow", workflowId, others)}", ProblemTarget.StepTarget, index,
                NameSuggestions.FindClosest(workflowId, others)));
            return new ResolvedStep(index, workflowId, StepKind.Workflow, null, null, null);
        }

        var nestedSource = workflowSources[0];
        if (workflowId == workflow.Id || _resolving.Contains(workflowId))
        {
            // The cycle itself is reported once by the depth check; the step just has no types.
            return new ResolvedStep(index, workflowId, StepKind.Workflow, null, null, null);
        }

        if (nestedSource.Local is { } localNested)
        {
            var nested = Resolve(localNested);
            if (!nested.CanEmit)
            {
                problems.Add(new Problem(ProblemKind.InvalidDependency, $"Workflow '{workflowId}' cannot be used until its own errors are fixed", ProblemTarget.StepTarget, index));
            }

            return new ResolvedStep(index, workflowId, StepKind.Workflow, nestedSource.Entry.DefinitionAccessor, nested.Input, nested.Output);
        }

        if (nestedSource.Entry.DefinitionAccessor is null)
        {
            problems.Add(new Problem(ProblemKind.UnusableReference,
                $"Step {index} of workflow '{workflow.Id}': workflow '{workflowId}' from {nestedSource.Origin} has no public runner (it is internal, uses internal types or has errors), so this assembly cannot run it",
                ProblemTarget.StepTarget, index));
        }

        return new ResolvedStep(index, workflowId, StepKind.Workflow, nestedSource.Entry.DefinitionAccessor, nestedSource.Entry.Input, nestedSource.Entry.Output);
    }

    private ResolvedStep ResolveWait(WorkflowModel workflow, string requestId, int index, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(requestId))
        {
            problems.Add(new Problem(ProblemKind.UnknownRequest,
                $"Step {index} of workflow '{workflow.Id}' names no input request: Await is {EmptyOrBlank(requestId)}; give the id of an [InputRequest]. Available: {Available(_requests.Keys)}.",
                ProblemTarget.StepTarget, index));
            return new ResolvedStep(index, requestId, StepKind.Wait, null, null, null);
        }

        if (!_requests.TryGetValue(requestId, out var sources))
        {
            problems.Add(new Problem(ProblemKind.UnknownRequest,
                $"Step {index} of workflow '{workflow.Id}': {UnknownMessage($"input request", requestId, _requests.Keys)}", ProblemTarget.StepTarget, index,
                NameSuggestions.FindClosest(requestId, _requests.Keys)));
            return new ResolvedStep(index, requestId, StepKind.Wait, null, null, null);
        }

        var source = sources[0];
        if (sources.Count > 1)
        {
            problems.Add(new Problem(ProblemKind.InvalidDependency, $"Input request '{requestId}' is declared more than once", ProblemTarget.StepTarget, index));
        }
        else if (source.Local is { CanEmit: false })
        {
            problems.Add(new Problem(ProblemKind.InvalidDependency, $"Input request '{requestId}' cannot be used until its own errors are fixed", ProblemTarget.StepTarget, index));
        }
        else if (source.Entry.Accessor is null)
        {
            problems.Add(new Problem(ProblemKind.UnusableReference,
                $"Step {index} of workflow '{workflow.Id}': input request '{requestId}' from {source.Origin} is not public (its class, request or response type is internal), so this assembly cannot wait for it; make those types public",
                ProblemTarget.StepTarget, index));
        }

        var entry = source.Entry;
        return new ResolvedStep(index, requestId, StepKind.Wait, entry.Accessor, entry.Request, Answered(entry.Request, entry.Response));
    }

    /// <summary>What a wait step hands on: <c>Orchestration.Answered&lt;TRequest, TResponse&gt;</c>.</summary>
    private static TypeRef? Answered(TypeRef? request, TypeRef? response) => request is null || response is null
        ? null
        : new TypeRef(
            $"global::Orchestration.Answered<{request.FullName}, {response.FullName}>",
            $"global::Orchestration.Answered<{request.Key}, {response.Key}>",
            $"Answered<{request.ShortName}, {response.ShortName}>",
            request.IsPublic && response.IsPublic,
            new[] { $"global::System.IEquatable<global::Orchestration.Answered<{request.Key}, {response.Key}>>" }.ToEquatableArray());

    /// <summary>
    /// Gives each delay of a chain the type that reaches it (it passes it on unchanged): the previous step's output, or,
    /// for delays before the first other step, that step's input. Then checks <c>Until</c> methods against that type.
    /// </summary>
    private static void TypeDelays(WorkflowModel model, List<ResolvedStep> steps, List<Problem> problems)
    {
        if (model.Steps.Count > 0 && model.Steps.All(s => s.Kind == StepKind.Timer))
        {
            problems.Add(new Problem(ProblemKind.StepTarget,
                $"Workflow '{model.Id}' is made only of delays: a delay passes its input on unchanged, so nothing gives the workflow an input or output type; add a step that runs a template or a workflow, or waits for an input request",
                ProblemTarget.Step, 1));
            return;
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Kind != StepKind.Timer)
            {
                continue;
            }

            var type = i > 0 ? steps[i - 1].Output : steps.FirstOrDefault(s => s.Kind != StepKind.Timer)?.Input;
            if (type is null)
            {
                continue;
            }

            steps[i] = steps[i] with { Input = type, Output = type };
            if (model.Steps[i].Until is { } until &&
                MethodProblem(until, type, "global::System.DateTimeOffset", $"the delay's input", $"return System.DateTimeOffset, when the delay ends", $"the delay's input is {type.ShortName}") is { } wrong)
            {
                problems.Add(new Problem(ProblemKind.InvalidMethod,
                    $"Workflow '{model.Id}' step {i + 1}: {wrong}; declare static DateTimeOffset {until.Name}({type.ShortName} input) on the workflow class",
                    ProblemTarget.StepTarget, i + 1));
            }
        }
    }

    private static int FirstStepTo(WorkflowModel model, string? workflowId)
    {
        for (var i = 0; i < model.Steps.Count; i++)
        {
            if (model.Steps[i].IsWorkflow && model.Steps[i].Workflow == workflowId)
            {
                return i + 1;
            }
        }

        return 0;
    }
}
