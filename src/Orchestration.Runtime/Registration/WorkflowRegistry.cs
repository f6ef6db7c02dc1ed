using System;
using System.Collections.Generic;
using System.Linq;
using Orchestration.Declarations;
using Orchestration.Rules;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>
/// Workflows by id. Part of an <see cref="OrchestrationRegistry"/>. A workflow is validated when it is registered,
/// not when it first runs: its strategy, every step's template or workflow, how step types line up for the
/// strategy's shape, and the nesting depth below it must all check out.
/// </summary>
public sealed class WorkflowRegistry
{
    private readonly OrchestrationRegistry _owner;
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();

    internal WorkflowRegistry(OrchestrationRegistry owner) => _owner = owner;

    /// <summary>Every workflow, in registration order.</summary>
    public IReadOnlyList<WorkflowDefinition> All
    {
        get
        {
            lock (_owner.Gate)
            {
                return _order.Select(id => _byId[id].Definition).ToArray();
            }
        }
    }

    /// <summary>Gets the workflow <paramref name="id"/>.</summary>
    /// <exception cref="OrchestrationLookupException"><c>Unknown workflow: {id}. Available: …</c></exception>
    public WorkflowDefinition Get(string id)
    {
        lock (_owner.Gate)
        {
            return GetLocked(id).Definition;
        }
    }

    /// <summary>Gets the workflow <paramref name="id"/> without throwing.</summary>
    public bool TryGet(string id, out WorkflowDefinition workflow)
    {
        lock (_owner.Gate)
        {
            var found = _byId.TryGetValue(id ?? string.Empty, out var entry);
            workflow = entry?.Definition!;
            return found;
        }
    }

    /// <summary>Registers and validates a workflow. Registering the same instance twice does nothing.</summary>
    /// <exception cref="InvalidOperationException">Another workflow has the same id.</exception>
    /// <exception cref="ArgumentException">
    /// The workflow does not check out: unknown strategy, template or workflow; a step whose input does not accept what
    /// it is given; nesting deeper than allowed; or a reference to itself. The message says which and how to fix it.
    /// </exception>
    public void Register(WorkflowDefinition workflow)
    {
        if (workflow is null)
        {
            throw new ArgumentNullException(nameof(workflow));
        }

        lock (_owner.Gate)
        {
            if (_byId.TryGetValue(workflow.Id, out var existing))
            {
                if (ReferenceEquals(existing.Definition, workflow))
                {
                    return;
                }

                throw new InvalidOperationException($"Workflow '{workflow.Id}' is already registered. Unregister it first, or choose another id.");
            }

            var entry = Validate(workflow);
            _byId.Add(workflow.Id, entry);
            _order.Add(workflow.Id);
        }
    }

    /// <summary>Removes a workflow.</summary>
    /// <returns><see langword="true"/> if it was registered.</returns>
    /// <exception cref="InvalidOperationException">Another registered workflow references it.</exception>
    public bool Unregister(string id)
    {
        lock (_owner.Gate)
        {
            if (id is null || !_byId.ContainsKey(id))
            {
                return false;
            }

            var users = UsersOfLocked(w => w.Steps.Any(s => s.Kind == StepKind.Workflow && s.TargetId == id));
            if (users.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Workflow '{id}' is referenced by workflow(s) {string.Join(", ", users.Select(u => $"'{u}'"))}. Unregister them first.");
            }

            _order.Remove(id);
            return _byId.Remove(id);
        }
    }

    /// <summary>A copy of the workflows by id; later changes to the registry do not affect it.</summary>
    public IReadOnlyDictionary<string, WorkflowDefinition> Snapshot()
    {
        lock (_owner.Gate)
        {
            return _byId.ToDictionary(p => p.Key, p => p.Value.Definition, StringComparer.Ordinal);
        }
    }

    /// <summary>Validates a workflow as <see cref="Register"/> would, without registering it.</summary>
    internal void Check(WorkflowDefinition workflow)
    {
        lock (_owner.Gate)
        {
            Validate(workflow);
        }
    }

    internal IReadOnlyList<string> UsersOfLocked(Func<WorkflowDefinition, bool> uses) =>
        _order.Where(id => uses(_byId[id].Definition)).ToArray();

    private Entry GetLocked(string id)
    {
        if (id is not null && _byId.TryGetValue(id, out var entry))
        {
            return entry;
        }

        throw new OrchestrationLookupException("workflow", id, _byId.Keys);
    }

    private Entry Validate(WorkflowDefinition workflow)
    {
        StrategyRegistration strategy;
        try
        {
            strategy = _owner.Strategies.GetLocked(workflow.Strategy);
        }
        catch (OrchestrationLookupException ex)
        {
            throw new ArgumentException($"Workflow '{workflow.Id}': {ex.Message}", nameof(workflow), ex);
        }

        var stepTypes = new (Type? Input, Type? Output)[workflow.Steps.Count];
        var deepest = Array.Empty<string>();
        RuleText? suspends = null;
        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            var step = workflow.Steps[i];
            try
            {
                if (step.Kind == StepKind.Agent)
                {
                    var template = _owner.Templates.GetLocked(step.TargetId);
                    stepTypes[i] = (template.InputType, template.OutputType);
                    continue;
                }

                if (step.Kind is StepKind.Wait or StepKind.Timer)
                {
                    var what = step.Kind == StepKind.Wait ? WaitPlacement.Awaits(step.TargetId) : WaitPlacement.Delays;
                    CheckPlacement(workflow, i + 1, what, nested: false);
                    suspends ??= what;
                    stepTypes[i] = step.Request is { } request ? (request.RequestType, request.AnsweredType) : (null, null);
                    if (step.Kind == StepKind.Timer && step.Delay is null && step.Until is null)
                    {
                        throw new ArgumentException(
                            $"Workflow '{workflow.Id}' step {i + 1}: the delay until '{step.UntilName}' has no function to compute the time on the dynamic path; pass one to WorkflowStep.DelayUntil.",
                            nameof(workflow));
                    }

                    continue;
                }

                if (step.TargetId == workflow.Id)
                {
                    throw new ArgumentException(
                        NestingRule.Cycle(workflow.Id, new[] { workflow.Id, workflow.Id }).ToString() + $" (step {i + 1}).", nameof(workflow));
                }

                var nested = GetLocked(step.TargetId);
                stepTypes[i] = (nested.InputType, nested.OutputType);
                if (nested.Suspends is { } inner)
                {
                    var what = WaitPlacement.Nests(step.TargetId, inner);
                    CheckPlacement(workflow, i + 1, what, nested: true);
                    suspends ??= what;
                }

                if (nested.DeepestPath.Length + 1 > deepest.Length)
                {
                    deepest = new[] { step.TargetId }.Concat(nested.DeepestPath).ToArray();
                }
            }
            catch (OrchestrationLookupException ex)
            {
                throw new ArgumentException($"Workflow '{workflow.Id}' step {i + 1}: {ex.Message}", nameof(workflow), ex);
            }
        }

        var path = new[] { workflow.Id }.Concat(deepest).ToArray();
        var depth = path.Length - 1;
        if (depth > workflow.MaxDepth)
        {
            throw new ArgumentException(
                NestingRule.TooDeep(workflow.Id, strategy.Shape == StrategyShape.DelegationChain, path, workflow.MaxDepth, NestingRule.DefinitionLimit).ToString(),
                nameof(workflow));
        }

        // A delay passes its input on: it has the type of what it is given (or, first, of what the next step takes).
        for (var i = 0; i < stepTypes.Length; i++)
        {
            if (workflow.Steps[i].Kind == StepKind.Timer)
            {
                var passed = i > 0 ? stepTypes[i - 1].Output : i + 1 < stepTypes.Length ? stepTypes[i + 1].Input : null;
                stepTypes[i] = (passed, passed);
            }
        }

        var (input, output) = CheckShape(workflow, strategy.Shape, stepTypes);
        return new Entry(workflow, workflow.InputType ?? input, workflow.OutputType ?? output, deepest) { Suspends = suspends };
    }

    /// <summary>
    /// The wait-placement rule (<see cref="WaitPlacement"/>), as the build states it: a strategy that can hold the wait, and
    /// for a loop, only in the workflow it repeats. (The built-in for_each runs one item at a time on the dynamic path; a
    /// loop strategy registered under another name cannot hold a wait, as at run time.)
    /// </summary>
    private static void CheckPlacement(WorkflowDefinition workflow, int index, RuleText what, bool nested)
    {
        var problem = !WaitPlacement.CanHold(workflow.Strategy) ? WaitPlacement.Problem(workflow.Id, workflow.Strategy, index, what)
            : WaitPlacement.IsLoop(workflow.Strategy) && !nested ? WaitPlacement.LoopBody(workflow.Id, workflow.Strategy, what)
            : null;
        if (problem is not null)
        {
            throw new ArgumentException(problem + ".", nameof(workflow));
        }
    }

    /// <summary>
    /// The shape's rules (<see cref="ShapeRules"/>, the ones the build applies), over the steps' run-time types; then
    /// what only a registered definition can get wrong: a nested strategy's step that is not a workflow, a tool-using
    /// step without tools, a repeat_until without the condition that ends it.
    /// </summary>
    private (Type? Input, Type? Output) CheckShape(WorkflowDefinition workflow, StrategyShape shape, (Type? Input, Type? Output)[] steps)
    {
        var declared = workflow.Steps;
        if (shape == StrategyShape.Nested && steps.Length == 1 && declared[0].Kind != StepKind.Workflow)
        {
            throw new ArgumentException(
                $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}', which runs one referenced workflow, but step 1 is {(declared[0].Kind == StepKind.Agent ? "an agent" : "not a workflow")}; use WorkflowStep.Workflow(id), or the sequential strategy to run agents.",
                nameof(workflow));
        }

        if (ShapeRules.CheckArity(workflow.Id, workflow.Strategy, (int)shape, steps.Length) is { } count)
        {
            throw new ArgumentException(ShapeRules.InWorkflow(workflow.Id, count.Message), nameof(workflow));
        }

        if (shape == StrategyShape.ToolEnhanced && (declared[0].Kind != StepKind.Agent || ToolCount(declared[0].TargetId) == 0))
        {
            throw new ArgumentException(
                $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}', but {(declared[0].Kind == StepKind.Agent ? $"template '{declared[0].TargetId}' lists no tools; give it some (AgentTemplate tools)" : "its step is not an agent")}.",
                nameof(workflow));
        }

        var ruleSteps = new RuleStep<Type>[steps.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            ruleSteps[i] = new RuleStep<Type>(i + 1, declared[i].TargetId, steps[i].Input, steps[i].Output, declared[i].Condition is not null);
        }

        if (shape is StrategyShape.Conditional or StrategyShape.MultiConditional)
        {
            for (var i = 0; i < ruleSteps.Length; i++)
            {
                if (ConditionalRule.Missing(workflow.Id, ruleSteps, i) is { } missing)
                {
                    throw new ArgumentException(ShapeRules.InWorkflow(workflow.Id, missing.Message) + " On the dynamic path, give a condition with WorkflowStep.When.", nameof(workflow));
                }
            }
        }

        var problems = new List<Problem>();
        var types = ShapeRules.Types(RuntimeTypeFacts.Instance, workflow.Id, workflow.Strategy, (int)shape, ruleSteps, problems);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems.Select(p => ShapeRules.InWorkflow(workflow.Id, p.Message))), nameof(workflow));
        }

        if (shape == StrategyShape.RepeatUntil && declared[0].Condition is null && !HasOwnCondition(workflow.Strategy))
        {
            throw new ArgumentException(
                $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}' but gives no condition: declare its step with WorkflowStep.When(output => ...), the condition that ends the loop.",
                nameof(workflow));
        }

        return types;
    }

    /// <summary>Whether the strategy registered as <paramref name="name"/> brings its own condition (a user's repeat_until strategy may).</summary>
    private bool HasOwnCondition(string name) => _owner.Strategies.GetLocked(name).Strategy is not RepeatUntilStrategy { HasCondition: false };

    private int ToolCount(string templateId) => _owner.Templates.GetLocked(templateId).Tools.Count;

    private sealed class Entry
    {
        public Entry(WorkflowDefinition definition, Type? inputType, Type? outputType, string[] deepestPath)
        {
            Definition = definition;
            InputType = inputType;
            OutputType = outputType;
            DeepestPath = deepestPath;
        }

        public WorkflowDefinition Definition { get; }

        public Type? InputType { get; }

        public Type? OutputType { get; }

        /// <summary>The longest chain of workflow references below this workflow, not including itself.</summary>
        public string[] DeepestPath { get; }

        /// <summary>How the workflow suspends runs (its first wait or delay, directly or nested), or <see langword="null"/>.</summary>
        public RuleText? Suspends { get; init; }
    }
}
