using System;
using System.Collections.Generic;
using System.Linq;
using Orchestration.Rules;

namespace Orchestration.Declarations;

/// <summary>
/// Every declaration one compilation can see (its own and those of referenced assemblies, through their manifests),
/// resolved once: each local workflow with its strategy shape, step types, input and output types, the responses its
/// runs may wait for, and problems.
/// The generator emits from it; the analyzers report its problems.
/// </summary>
internal sealed class DeclarationCatalog
{
    private readonly Dictionary<string, List<TemplateSource>> _templates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StrategySource>> _strategies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WorkflowSource>> _workflows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RequestSource>> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResolvedWorkflow> _resolved = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Depth, string[] Path, string[]? Cycle)> _depths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _suspends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _awaited = new(StringComparer.Ordinal);
    private readonly HashSet<string> _walking = new(StringComparer.Ordinal);

    public DeclarationCatalog(
        string assemblyName,
        IReadOnlyList<TemplateModel> templates,
        IReadOnlyList<StrategyModel> strategies,
        IReadOnlyList<WorkflowModel> workflows,
        IReadOnlyList<InputRequestModel> requests,
        IReadOnlyList<ModuleManifest> references,
        int defaultMaxDepth = KnownNames.DefaultMaxDepth,
        string defaultMaxDepthSource = ProjectDefaults.DefaultSource)
    {
        AssemblyName = assemblyName;
        DefaultMaxDepth = defaultMaxDepth;
        DefaultMaxDepthSource = defaultMaxDepthSource;
        ModuleName = Identifiers.ToPascalCase(assemblyName) + "Module";
        ModuleTypeName = "global::Orchestration.Generated." + ModuleName;

        foreach (var (name, shape) in KnownNames.BuiltInStrategies)
        {
            Add(_strategies, name, new StrategySource(new StrategyEntry(name, shape, null), "the runtime", null, IsBuiltIn: true));
        }

        foreach (var manifest in references)
        {
            foreach (var t in manifest.Templates)
            {
                Add(_templates, t.Id, new TemplateSource(t, manifest.AssemblyName, null, null));
            }

            foreach (var s in manifest.Strategies)
            {
                Add(_strategies, s.Name, new StrategySource(s, manifest.AssemblyName, null, IsBuiltIn: false));
            }

            foreach (var w in manifest.Workflows)
            {
                Add(_workflows, w.Id, new WorkflowSource(w, manifest.AssemblyName, null));
            }

            foreach (var r in manifest.Requests)
            {
                Add(_requests, r.Id, new RequestSource(r, manifest.AssemblyName, null, null));
            }
        }

        var templateNames = new MemberNames();
        foreach (var t in templates)
        {
            var member = templateNames.Claim(t.Id);
            var accessor = t.CanEmit ? $"{ModuleTypeName}.Templates.{member}" : null;
            Add(_templates, t.Id, new TemplateSource(new TemplateEntry(t.Id, t.Input, t.Output, accessor), assemblyName, t, member));
        }

        var strategyNames = new MemberNames();
        foreach (var s in strategies)
        {
            var member = strategyNames.Claim(s.Name);
            var factory = s.CanEmit ? $"{ModuleTypeName}.Strategies.Create{member}" : null;
            Add(_strategies, s.Name, new StrategySource(new StrategyEntry(s.Name, s.Shape, factory), assemblyName, s, IsBuiltIn: false) { Member = member });
        }

        var requestNames = new MemberNames();
        foreach (var r in requests)
        {
            var member = requestNames.Claim(r.Id);
            var accessor = r.CanEmit ? $"{ModuleTypeName}.Requests.{member}" : null;
            Add(_requests, r.Id, new RequestSource(new RequestEntry(r.Id, r.Request, r.Response, accessor), assemblyName, r, member));
        }

        foreach (var w in workflows)
        {
            var entry = new WorkflowEntry(w.Id, w.Strategy, w.MaxDepth ?? defaultMaxDepth, w.Steps, null, null, w.Class.FullName + ".Definition");
            Add(_workflows, w.Id, new WorkflowSource(entry, assemblyName, w));
        }

        LocalTemplates = _templates.Values.SelectMany(l => l).Where(s => s.Local is not null).ToArray();
        LocalStrategies = _strategies.Values.SelectMany(l => l).Where(s => s.Local is not null).ToArray();
        LocalRequests = _requests.Values.SelectMany(l => l).Where(r => r.Local is not null).ToArray();
        Workflows = workflows.Select(w => Resolve(w)).ToArray();
    }

    public string AssemblyName { get; }

    /// <summary>The nesting limit of workflows that do not set their own.</summary>
    public int DefaultMaxDepth { get; }

    /// <summary>Where <see cref="DefaultMaxDepth"/> came from, as messages name it (see <see cref="ProjectDefaults"/>).</summary>
    public string DefaultMaxDepthSource { get; }

    /// <summary>The generated module's class name, derived from the assembly name.</summary>
    public string ModuleName { get; }

    public string ModuleTypeName { get; }

    public IReadOnlyList<TemplateSource> LocalTemplates { get; }

    public IReadOnlyList<StrategySource> LocalStrategies { get; }

    public IReadOnlyList<RequestSource> LocalRequests { get; }

    /// <summary>Every local workflow, resolved, in declaration order.</summary>
    public IReadOnlyList<ResolvedWorkflow> Workflows { get; }

    public IEnumerable<string> TemplateIds => _templates.Keys;

    public IEnumerable<string> StrategyNames => _strategies.Keys;

    public IEnumerable<string> WorkflowIds => _workflows.Keys;

    public IEnumerable<string> RequestIds => _requests.Keys;

    /// <summary>Whether the local template, strategy or input request can be emitted: valid and its id declared only once.</summary>
    public bool IsUnique(TemplateSource template) => _templates[template.Entry.Id].Count == 1;

    public bool IsUnique(StrategySource strategy) => _strategies[strategy.Entry.Name].Count == 1;

    public bool IsUnique(RequestSource request) => _requests[request.Entry.Id].Count == 1;

    /// <summary>The manifest of this assembly, for referencing assemblies.</summary>
    public ModuleManifest BuildManifest() => new(
        AssemblyName,
        ModuleTypeName,
        LocalTemplates.Where(IsUnique).Select(t => t.Local!.IsPublic ? t.Entry : t.Entry with { Accessor = null }).ToEquatableArray(),
        LocalStrategies.Where(IsUnique).Select(s => s.Entry).ToEquatableArray(),
        Workflows.Where(w => _workflows[w.Model.Id].Count == 1)
            .Select(w => new WorkflowEntry(w.Model.Id, w.Model.Strategy, w.MaxDepth, w.Model.Steps, w.Input, w.Output,
                w.CanEmit && w.IsPublic ? w.Model.Class.FullName + ".Definition" : null))
            .ToEquatableArray(),
        LocalRequests.Where(IsUnique).Select(r => r.Local!.IsPublic ? r.Entry : r.Entry with { Accessor = null }).ToEquatableArray());

    /// <summary>Local workflows that get a runner, nested workflows before the workflows that reference them.</summary>
    public IReadOnlyList<ResolvedWorkflow> EmittableInDependencyOrder()
    {
        var ordered = new List<ResolvedWorkflow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workflow in Workflows)
        {
            Visit(workflow);
        }

        return ordered;

        void Visit(ResolvedWorkflow workflow)
        {
            if (!workflow.CanEmit || !seen.Add(workflow.Model.Id))
            {
                return;
            }

            foreach (var step in workflow.Steps)
            {
                if (step.IsWorkflow && _resolved.TryGetValue(step.Id, out var nested) && nested.Model.Class.FullName + ".Definition" == step.Accessor)
                {
                    Visit(nested);
                }
            }

            ordered.Add(workflow);
        }
    }

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
            problems.Add(new Problem(ProblemKind.InvalidId, "T" + InvalidIdMessage("workflow id", model.Id, model.Class.Name).Substring(1), ProblemTarget.WorkflowId));
        }
        else if (_workflows[model.Id].Count > 1)
        {
            problems.Add(new Problem(ProblemKind.DuplicateId,
                $"Workflow id '{model.Id}' is declared more than once ({Origins(_workflows[model.Id].Select(w => w.Local?.Class.FullName.Replace("global::", string.Empty) ?? w.Origin))})", ProblemTarget.WorkflowId));
        }

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
                $"Workflow '{model.Id}' names no strategy: Strategy is {(model.StrategyIsNull ? "null" : EmptyOrBlank(model.Strategy))}; " +
                $"name one, or remove the argument to run the steps in sequence (sequential). Available: {Available(_strategies.Keys)}.",
                ProblemTarget.Strategy));
        }
        else
        {
            problems.Add(new Problem(ProblemKind.UnknownStrategy, $"Workflow '{model.Id}': " + UnknownMessage("strategy", model.Strategy, _strategies.Keys), ProblemTarget.Strategy,
                Suggestion: NameSuggestions.FindClosest(model.Strategy, _strategies.Keys)));
        }

        var arity = ShapeRules.Arity(shape);
        if (ShapeRules.CheckArity(model.Id, model.Strategy, shape, model.Steps.Count) is { } wrongCount)
        {
            problems.Add(model.Steps.Count == 0 ? wrongCount with { Message = wrongCount.Message + "; add [Step(\"template_id\")] or [Step(Workflow = \"workflow_id\")]" } : wrongCount);
        }

        if (model.ConfidenceThreshold is { } threshold && (threshold < 0 || threshold > 1))
        {
            problems.Add(new Problem(ProblemKind.InvalidOption,
                $"Workflow '{model.Id}': ConfidenceThreshold must be between 0 and 1 (inclusive); it is {threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                ProblemTarget.ConfidenceThreshold));
        }

        var steps = new List<ResolvedStep>();
        for (var i = 0; i < model.Steps.Count; i++)
        {
            steps.Add(ResolveStep(model, model.Steps[i], i + 1, problems));
        }

        // A wait or delay where it cannot be held has no meaning there: its types are not checked on top.
        var misplaced = strategySources is not null && CheckPlacement(model, problems);
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
                $"Workflow '{model.Id}' is part of a reference cycle: {string.Join(" → ", rotated)}; a workflow cannot run itself, directly or through others",
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
                (shape == KnownNames.DelegationShape ? $"Delegation chain '{model.Id}' delegates {depth} levels deep" : $"Workflow '{model.Id}' nests {depth} levels deep") +
                $" ({string.Join(" → ", path)}); the limit is {maxDepth} ({(model.MaxDepth is null ? DefaultMaxDepthSource : "its own MaxDepth")}). Flatten the chain or raise MaxDepth.",
                ProblemTarget.StepTarget, FirstStepTo(model, path[1])));
        }

        CheckConditions(model, shape, problems);
        if (shape == KnownNames.NestedShape && model.Steps.Count == 1 && model.Steps[0].Kind is { } only && only != StepKind.Workflow)
        {
            var names = only switch
            {
                StepKind.Agent => "names an agent template",
                StepKind.Wait => "waits for an input request",
                _ => "is a delay",
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

        if (shape == KnownNames.PromptCachedShape && string.IsNullOrWhiteSpace(model.CachedContext))
        {
            problems.Add(new Problem(ProblemKind.InvalidOption,
                $"Workflow '{model.Id}' uses strategy '{model.Strategy}' but has no CachedContext; set the context every step shares, or use the sequential strategy",
                model.CachedContext is null ? ProblemTarget.WorkflowAttribute : ProblemTarget.CachedContext));
        }
        else if (shape != KnownNames.PromptCachedShape && model.CachedContext is not null)
        {
            problems.Add(new Problem(ProblemKind.InvalidOption,
                $"Workflow '{model.Id}': CachedContext is only used by the prompt_cached_sequential strategy, not by '{model.Strategy}'; remove it",
                ProblemTarget.CachedContext));
        }

        if (model.Rounds is { } rounds)
        {
            if (shape != KnownNames.DebateShape)
            {
                problems.Add(new Problem(ProblemKind.InvalidOption,
                    $"Workflow '{model.Id}': Rounds is only used by the debate strategy, not by '{model.Strategy}'; remove it",
                    ProblemTarget.Rounds));
            }
            else if (rounds < 1)
            {
                problems.Add(new Problem(ProblemKind.InvalidOption,
                    $"Workflow '{model.Id}': Rounds must be at least 1 (it is {rounds})",
                    ProblemTarget.Rounds));
            }
        }

        if (model.MaxIterations is { } iterations)
        {
            if (shape is not (KnownNames.RefinementShape or KnownNames.RepeatUntilShape))
            {
                problems.Add(new Problem(ProblemKind.InvalidOption,
                    $"Workflow '{model.Id}': MaxIterations is only used by the refinement and repeat_until strategies, not by '{model.Strategy}'; remove it",
                    ProblemTarget.MaxIterations));
            }
            else if (iterations < 1)
            {
                problems.Add(new Problem(ProblemKind.InvalidOption,
                    $"Workflow '{model.Id}': MaxIterations must be at least 1 (it is {iterations}); it bounds " +
                    (shape == KnownNames.RefinementShape ? "how many critiques a draft gets" : "how many times the step repeats"),
                    ProblemTarget.MaxIterations));
            }
        }

        CheckLoopOptions(model, shape, problems);

        if (model.Router is { } router && shape != KnownNames.AdaptiveShape)
        {
            problems.Add(new Problem(ProblemKind.InvalidOption,
                $"Workflow '{model.Id}': Router is only used by the adaptive strategy, not by '{model.Strategy}'; remove it",
                ProblemTarget.Router));
        }

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

    private ResolvedStep ResolveStep(WorkflowModel workflow, StepModel step, int index, List<Problem> problems)
    {
        if (step.Kind is not { } kind)
        {
            problems.Add(new Problem(ProblemKind.StepTarget,
                $"Step {index} of workflow '{workflow.Id}' must name exactly one of a template ([Step(\"template_id\")]), a workflow ([Step(Workflow = \"workflow_id\")]), " +
                "an input request to wait for ([Step(Await = \"request_id\")]) or a delay ([Step(DelaySeconds = 60)] or [Step(Until = nameof(Method))], not both)",
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
                    $"Step {index} of workflow '{workflow.Id}': " + UnknownMessage("template", templateId, _templates.Keys), ProblemTarget.StepTarget, index,
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
            problems.Add(new Problem(ProblemKind.UnknownWorkflow,
                $"Step {index} of workflow '{workflow.Id}': " + UnknownMessage("workflow", workflowId, _workflows.Keys), ProblemTarget.StepTarget, index,
                NameSuggestions.FindClosest(workflowId, _workflows.Keys)));
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
                $"Step {index} of workflow '{workflow.Id}': " + UnknownMessage("input request", requestId, _requests.Keys), ProblemTarget.StepTarget, index,
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
    /// Reports every step that suspends a run (a wait, a delay, or a nested workflow holding one) in a workflow whose
    /// strategy cannot hold it (<see cref="WaitPlacement"/>); returns whether a wait or delay step itself is misplaced.
    /// </summary>
    private bool CheckPlacement(WorkflowModel model, List<Problem> problems)
    {
        if (WaitPlacement.CanHold(model.Strategy))
        {
            return false;
        }

        var misplaced = false;
        for (var i = 0; i < model.Steps.Count; i++)
        {
            var step = model.Steps[i];
            if (step.Kind is { } kind && step.Workflow != model.Id && Suspends(step) is { } suspends)
            {
                misplaced |= kind != StepKind.Workflow;
                problems.Add(new Problem(ProblemKind.WaitPlacement, WaitPlacement.Problem(model.Id, model.Strategy, i + 1, suspends), ProblemTarget.StepTarget, i + 1));
            }
        }

        return misplaced;
    }

    /// <summary>
    /// Gives each delay of a chain the type that reaches it (it passes it on unchanged): the previous step's output, or,
    /// for delays before the first other step, that step's input. Then checks <c>Until</c> methods against that type.
    /// </summary>
    private static void TypeDelays(WorkflowModel model, List<ResolvedStep> steps, List<Problem> problems)
    {
        if (model.Steps.Count > 0 && model.Steps.All(s => s.Kind == StepKind.Timer))
        {
            problems.Add(new Problem(ProblemKind.StepTarget,
                $"Workflow '{model.Id}' is made only of delays: a delay passes its input on unchanged, so nothing gives the workflow an input or output type; " +
                "add a step that runs a template or a workflow, or waits for an input request",
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
                MethodProblem(until, type, "global::System.DateTimeOffset", "the delay's input", "return System.DateTimeOffset, when the delay ends", $"the delay's input is {type.ShortName}") is { } wrong)
            {
                problems.Add(new Problem(ProblemKind.InvalidMethod,
                    $"Workflow '{model.Id}' step {i + 1}: {wrong}; declare static DateTimeOffset {until.Name}({type.ShortName} input) on the workflow class",
                    ProblemTarget.StepTarget, i + 1));
            }
        }
    }

    /// <summary>
    /// How <paramref name="step"/> suspends a run, in <see cref="WaitPlacement"/>'s words ("waits for input request 'x'",
    /// "nests workflow 'y', which delays the run"), or null when it does not, directly or through nested workflows.
    /// </summary>
    private string? Suspends(StepModel step) => step.Kind switch
    {
        StepKind.Wait => WaitPlacement.Awaits(step.Await!),
        StepKind.Timer => WaitPlacement.Delays,
        StepKind.Workflow when Suspends(step.Workflow!) is { } inner => WaitPlacement.Nests(step.Workflow!, inner),
        _ => null,
    };

    /// <summary>How the first step of workflow <paramref name="id"/> that suspends a run does so; null when none does (or the id is unknown).</summary>
    private string? Suspends(string id)
    {
        if (_suspends.TryGetValue(id, out var known))
        {
            return known;
        }

        // A cycle is reported on its own; walking it again would not end.
        if (!_workflows.TryGetValue(id, out var sources) || !_walking.Add(id))
        {
            return null;
        }

        string? found = null;
        foreach (var step in sources[0].Entry.Steps)
        {
            if ((found = Suspends(step)) is not null)
            {
                break;
            }
        }

        _walking.Remove(id);
        _suspends[id] = found;
        return found;
    }

    /// <summary>The input requests a run of workflow <paramref name="id"/> may wait for, directly or in nested workflows, in step order.</summary>
    private string[] Awaited(string id)
    {
        if (_awaited.TryGetValue(id, out var known))
        {
            return known;
        }

        if (!_workflows.TryGetValue(id, out var sources) || !_walking.Add(id))
        {
            return Array.Empty<string>();
        }

        var found = new List<string>();
        foreach (var step in sources[0].Entry.Steps)
        {
            found.AddRange(step.Kind switch
            {
                StepKind.Wait => new[] { step.Await! },
                StepKind.Workflow => Awaited(step.Workflow!),
                _ => Array.Empty<string>(),
            });
        }

        _walking.Remove(id);
        return _awaited[id] = found.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The responses a run of workflow <paramref name="id"/> may wait for, one per response type, with the requests that
    /// take it: the generated <c>RespondAsync</c> overloads. A response type this assembly cannot name (internal to the
    /// library that declares the request) gets none; such a run is answered through the library or the dynamic path.
    /// </summary>
    private EquatableArray<AwaitedResponse> Responses(string id)
    {
        var responses = new List<(TypeRef Response, List<string> RequestIds)>();
        foreach (var requestId in Awaited(id))
        {
            if (!_requests.TryGetValue(requestId, out var sources) || sources[0].Entry.Response is not { } response ||
                (!response.IsPublic && sources[0].Local is null))
            {
                continue;
            }

            var existing = responses.FindIndex(r => r.Response.Key == response.Key);
            if (existing >= 0)
            {
                responses[existing].RequestIds.Add(requestId);
            }
            else
            {
                responses.Add((response, new List<string> { requestId }));
            }
        }

        return responses.Select(r => new AwaitedResponse(r.Response, r.RequestIds.ToEquatableArray())).ToEquatableArray();
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

    /// <summary>What is wrong with a method a workflow names, or null when it can be called as <paramref name="returns"/> M(<paramref name="argument"/>).</summary>
    private static string? MethodProblem(MethodModel method, TypeRef argument, string returns, string parameterRole, string returnRole, string argumentSource) =>
        !method.Found ? $"the workflow class has no method named '{method.Name}'"
        : !method.IsStatic ? $"'{method.Name}' is not static"
        : method.Parameter is null ? $"'{method.Name}' must take exactly one parameter, {parameterRole}"
        : method.ReturnKey != returns ? $"'{method.Name}' must {returnRole}"
        : !argument.IsAssignableTo(method.Parameter) ? $"'{method.Name}' takes {method.Parameter.ShortName} but {argumentSource}"
        : null;

    /// <summary>
    /// for_each's <c>Items</c> method (build time only: a C# method): found, static, one parameter, returning items the
    /// step accepts. Its parameter is then the workflow's input.
    /// </summary>
    private static bool ItemsMethod(WorkflowModel model, int shape, ResolvedStep body, List<Problem> problems, out TypeRef? itemsInput)
    {
        itemsInput = null;
        if (shape != KnownNames.ForEachShape || model.Items is not { } items)
        {
            return true;
        }

        var item = body.Input!;
        var wrong = !items.Found ? $"the workflow class has no method named '{items.Name}'"
            : !items.IsStatic ? $"'{items.Name}' is not static"
            : items.Parameter is null ? $"'{items.Name}' must take exactly one parameter, the workflow's input"
            : items.Element is null ? $"'{items.Name}' returns {items.ReturnKey?.Replace("global::", string.Empty)}, which is not a collection (IEnumerable<T>) of items"
            : !items.Element.IsAssignableTo(item) ? $"'{items.Name}' gives items of type {items.Element.ShortName} but step 1 '{body.Id}' takes {item.ShortName}"
            : null;
        if (wrong is not null)
        {
            problems.Add(new Problem(ProblemKind.InvalidMethod,
                $"Workflow '{model.Id}': {wrong}; declare static IEnumerable<{item.ShortName}> {items.Name}(TInput input) on the workflow class",
                ProblemTarget.Items));
            return false;
        }

        itemsInput = items.Parameter;
        return true;
    }

    /// <summary>
    /// The other methods a workflow names, which exist only at build time (C# methods): adaptive's <c>Router</c>, the
    /// branches' <c>When</c>, repeat_until's <c>Until</c>. Returns whether they are all callable as the runner calls them.
    /// </summary>
    private static bool NamedMethods(WorkflowModel model, int shape, List<ResolvedStep> steps, bool typesOk, List<Problem> problems)
    {
        var ok = true;
        if (shape == KnownNames.AdaptiveShape && model.Router is { } router)
        {
            var classifier = steps[0];
            var signature = $"static string {router.Name}({classifier.Output!.ShortName} classification)";
            if (MethodProblem(router, classifier.Output!, "string", "the classification", "return the chosen specialist's id as a string",
                $"the classifier (step 1 '{classifier.Id}') produces {classifier.Output.ShortName}") is { } wrong)
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.InvalidMethod, $"Workflow '{model.Id}': {wrong}; declare {signature} on the workflow class", ProblemTarget.Router));
            }
        }

        if (shape is KnownNames.ConditionalShape or KnownNames.MultiConditionalShape)
        {
            var input = steps[0].Input!;
            foreach (var branch in steps)
            {
                if (model.Steps[branch.Index - 1].When is { } condition &&
                    MethodProblem(condition, input, "bool", "the workflow's input", "return bool", $"the workflow's input is {input.ShortName}") is { } wrong)
                {
                    ok = false;
                    problems.Add(new Problem(ProblemKind.InvalidMethod,
                        $"Workflow '{model.Id}' step {branch.Index}: {wrong}; declare static bool {condition.Name}({input.ShortName} input) on the workflow class",
                        ProblemTarget.StepWhen, branch.Index));
                }
            }
        }

        if (shape == KnownNames.RepeatUntilShape)
        {
            // Without Until (reported with the options) there is no runner; with a step that changes type, nothing to check it against.
            ok &= model.Until is not null;
            var (body, value) = (steps[0], steps[0].Output!);
            if (typesOk && model.Until is { } until &&
                MethodProblem(until, value, "bool", "the step's output", "return bool", $"step 1 '{body.Id}' produces {value.ShortName}") is { } wrong)
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.InvalidMethod,
                    $"Workflow '{model.Id}': {wrong}; declare static bool {until.Name}({value.ShortName} output) on the workflow class",
                    ProblemTarget.Until));
            }
        }

        return ok;
    }

    private static RuleStep<TypeRef>[] Branches(WorkflowModel model) =>
        model.Steps.Select((s, i) => new RuleStep<TypeRef>(i + 1, s.TargetId ?? string.Empty, null, null, s.When is not null)).ToArray();

    /// <summary>Where conditions may and must appear: only in conditional strategies, on every branch but a final default.</summary>
    private static void CheckConditions(WorkflowModel model, int shape, List<Problem> problems)
    {
        var conditional = shape is KnownNames.ConditionalShape or KnownNames.MultiConditionalShape;
        RuleStep<TypeRef>[]? branches = null;
        for (var i = 0; i < model.Steps.Count; i++)
        {
            var step = model.Steps[i];
            var last = i == model.Steps.Count - 1;
            if (conditional && step.Kind is StepKind.Wait or StepKind.Timer)
            {
                // A wait or delay cannot be a branch at all (ORCH0020); whether it has a condition is beside the point.
                continue;
            }

            if (!conditional && step.When is not null)
            {
                problems.Add(new Problem(ProblemKind.InvalidOption,
                    $"Workflow '{model.Id}' step {i + 1}: When is only used by the conditional and multi_conditional strategies, not by '{model.Strategy}'; remove it" +
                    (shape == KnownNames.RepeatUntilShape ? " (the condition that ends a repeat_until goes on the [Workflow]: Until = nameof(Done))" : string.Empty),
                    ProblemTarget.StepWhen, i + 1));
            }
            else if (conditional && ConditionalRule.Missing(model.Id, branches ??= Branches(model), i) is { } missing)
            {
                problems.Add(missing);
            }
        }
    }

    /// <summary>The options only loops take (Items, Until, MaxParallelism): where they may appear, and that repeat_until has its condition.</summary>
    private static void CheckLoopOptions(WorkflowModel model, int shape, List<Problem> problems)
    {
        if (model.Items is not null && shape != KnownNames.ForEachShape)
        {
            problems.Add(new Problem(ProblemKind.InvalidOption,
                $"Workflow '{model.Id}': Items is only used by the for_each strategy, not by '{model.Strategy}'; remove it",
                ProblemTarget.Items));
        }

        if (model.MaxParallelism is { } parallelism)
        {
            if (shape != KnownNames.ForEachShape)
            {
                problems.Add(new Problem(ProblemKind.InvalidOption,
                    $"Workflow '{model.Id}': MaxParallelism is only used by the for_each strategy, not by '{model.Strategy}'; remove it",
                    ProblemTarget.MaxParallelism));
            }
            else if (parallelism < 1)
            {
                problems.Add(new Problem(ProblemKind.InvalidOption,
                    $"Workflow '{model.Id}': MaxParallelism must be at least 1 (it is {parallelism}); it bounds how many items run at once (1: one after another)",
                    ProblemTarget.MaxParallelism));
            }
        }

        if (model.Until is not null && shape != KnownNames.RepeatUntilShape)
        {
            problems.Add(new Problem(ProblemKind.InvalidOption,
                $"Workflow '{model.Id}': Until is only used by the repeat_until strategy, not by '{model.Strategy}'; remove it" +
                " (to delay a step until a time, put Until on the [Step])",
                ProblemTarget.Until));
        }
        else if (model.Until is null && shape == KnownNames.RepeatUntilShape)
        {
            problems.Add(new Problem(ProblemKind.InvalidOption,
                $"Workflow '{model.Id}' uses strategy '{model.Strategy}' but has no Until: name the static method that says when the loop ends, " +
                "[Workflow(..., Until = nameof(Done))] with static bool Done(T output) on the workflow class",
                ProblemTarget.WorkflowAttribute));
        }
    }

    /// <summary>The longest chain of workflow references below <paramref name="id"/>, or the cycle it is part of.</summary>
    private (int Depth, string[] Path, string[]? Cycle) Depth(string id)
    {
        var stack = new List<string>();
        return Walk(id);

        (int, string[], string[]?) Walk(string current)
        {
            if (_depths.TryGetValue(current, out var known))
            {
                return known;
            }

            var at = stack.IndexOf(current);
            if (at >= 0)
            {
                var cycle = stack.Skip(at).Concat(new[] { current }).ToArray();
                return (0, new[] { current }, cycle);
            }

            stack.Add(current);
            var best = (Depth: 0, Path: new[] { current }, Cycle: (string[]?)null);
            if (_workflows.TryGetValue(current, out var sources))
            {
                foreach (var step in sources[0].Entry.Steps)
                {
                    if (!step.IsWorkflow)
                    {
                        continue;
                    }

                    var (depth, path, cycle) = Walk(step.Workflow!);
                    if (cycle is not null)
                    {
                        best = (0, new[] { current }, cycle);
                        break;
                    }

                    if (depth + 1 > best.Depth)
                    {
                        best = (depth + 1, new[] { current }.Concat(path).ToArray(), null);
                    }
                }
            }

            stack.RemoveAt(stack.Count - 1);

            // A cycle seen from inside is only cached for members of the cycle; callers outside it see it afresh.
            if (best.Cycle is null || best.Cycle.Contains(current))
            {
                _depths[current] = best;
            }

            return best;
        }
    }

    public static string UnknownMessage(string kind, string name, IEnumerable<string> available)
    {
        var sorted = available.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var closest = NameSuggestions.FindClosest(name, sorted);
        return $"Unknown {kind} '{name}'. Available: {Available(sorted)}." + (closest is null ? string.Empty : $" Did you mean '{closest}'?");
    }

    /// <summary>
    /// Why an id is unusable, quoting it (shortened if long) and naming the class that declares it; starts in lower case
    /// so that it reads inside a longer message too.
    /// </summary>
    public static string InvalidIdMessage(string what, string id, string className)
    {
        var fault = id.Length == 0 ? "is empty" : string.IsNullOrWhiteSpace(id) ? "is blank" : "has whitespace around it";
        var quoted = id.Length > 40 ? id.Substring(0, 40) + "…" : id;
        return $"the {what} '{quoted}' of class {className} {fault}; it must be a non-empty constant string without surrounding whitespace";
    }

    /// <summary>The names a reference could use, sorted; blank ones (errors of their own) are not offered.</summary>
    public static string Available(IEnumerable<string> names)
    {
        var sorted = names.Where(n => !string.IsNullOrWhiteSpace(n)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        return sorted.Length == 0 ? "(none declared)" : string.Join(", ", sorted);
    }

    /// <summary>How a reference that names nothing is written: empty, or only white space.</summary>
    public static string EmptyOrBlank(string value) => value.Length == 0 ? "empty" : "blank";

    private static string Origins(IEnumerable<string> origins) => string.Join(", ", origins.Distinct());

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = new List<T>();
        }

        list.Add(value);
    }

    /// <summary>Hands out unique member names for ids.</summary>
    private sealed class MemberNames
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public string Claim(string id)
        {
            var name = Identifiers.ToPascalCase(id);
            var candidate = name;
            for (var n = 2; !_used.Add(candidate); n++)
            {
                candidate = name + "_" + n;
            }

            return candidate;
        }
    }
}

/// <summary>A template visible to the compilation: local (with its model and member name) or from a reference.</summary>
internal sealed record TemplateSource(TemplateEntry Entry, string Origin, TemplateModel? Local, string? Member);

/// <summary>A strategy visible to the compilation.</summary>
internal sealed record StrategySource(StrategyEntry Entry, string Origin, StrategyModel? Local, bool IsBuiltIn)
{
    public string? Member { get; init; }
}

/// <summary>A workflow visible to the compilation.</summary>
internal sealed record WorkflowSource(WorkflowEntry Entry, string Origin, WorkflowModel? Local);

/// <summary>An input request visible to the compilation: local (with its model and member name) or from a reference.</summary>
internal sealed record RequestSource(RequestEntry Entry, string Origin, InputRequestModel? Local, string? Member);

/// <summary>
/// A step with its target resolved. <see cref="Accessor"/> is the C# expression generated code reaches the target with:
/// a template, a workflow definition, an input request definition; for a delay, its duration (a <c>TimeSpan</c>
/// expression) or the name of the method it waits until. Null when the target cannot be used.
/// </summary>
internal sealed record ResolvedStep(int Index, string Id, StepKind Kind, string? Accessor, TypeRef? Input, TypeRef? Output)
{
    public bool IsWorkflow => Kind == StepKind.Workflow;
}

/// <summary>A response type runs of a workflow may wait for, and the input requests (by id) that take it.</summary>
internal sealed record AwaitedResponse(TypeRef Response, EquatableArray<string> RequestIds);

/// <summary>A local workflow, resolved against everything the compilation can see.</summary>
internal sealed class ResolvedWorkflow
{
    public ResolvedWorkflow(
        WorkflowModel model,
        int maxDepth,
        int shape,
        string? strategyFactory,
        IReadOnlyList<ResolvedStep> steps,
        TypeRef? input,
        TypeRef? output,
        IReadOnlyList<Problem> problems,
        EquatableArray<AwaitedResponse> responses)
    {
        Model = model;
        MaxDepth = maxDepth;
        Shape = shape;
        StrategyFactory = strategyFactory;
        Steps = steps;
        Input = input;
        Output = output;
        Problems = problems;
        Responses = responses;
    }

    public WorkflowModel Model { get; }

    /// <summary>The effective nesting limit: the workflow's own, else the project default.</summary>
    public int MaxDepth { get; }

    /// <summary>The confidence threshold the strategy routes on, or null when the strategy's default applies.</summary>
    public double? ConfidenceThreshold => Model.ConfidenceThreshold;

    public int Shape { get; }

    /// <summary>For a user strategy, the generated factory method; null for built-ins.</summary>
    public string? StrategyFactory { get; }

    public IReadOnlyList<ResolvedStep> Steps { get; }

    public TypeRef? Input { get; }

    public TypeRef? Output { get; }

    public IReadOnlyList<Problem> Problems { get; }

    /// <summary>The responses its runs may wait for (directly or in nested workflows): one <c>RespondAsync</c> each.</summary>
    public EquatableArray<AwaitedResponse> Responses { get; }

    /// <summary>Whether the generator can emit a runner that compiles.</summary>
    public bool CanEmit => Problems.Count == 0 && Input is not null && Output is not null && Steps.All(s => s.Accessor is not null);

    /// <summary>Whether the runner can be public: the class and both types are public.</summary>
    public bool IsPublic => Model.Class.IsPublic && Input is { IsPublic: true } && Output is { IsPublic: true };
}
