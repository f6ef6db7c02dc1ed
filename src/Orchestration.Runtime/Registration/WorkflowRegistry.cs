using System;
using System.Collections.Generic;
using System.Linq;

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
        string? suspends = null;
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
                    CheckPlacement(workflow, i + 1, what);
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
                        $"Cycle detected: workflow '{workflow.Id}' references itself at step {i + 1}.", nameof(workflow));
                }

                var nested = GetLocked(step.TargetId);
                stepTypes[i] = (nested.InputType, nested.OutputType);
                if (nested.Suspends is { } inner)
                {
                    var what = WaitPlacement.Nests(step.TargetId, inner);
                    CheckPlacement(workflow, i + 1, what);
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
                $"Workflow '{workflow.Id}' nests {depth} levels deep ({string.Join(" → ", path)}); the limit is {workflow.MaxDepth}. " +
                "Flatten the chain or raise MaxDepth.",
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

    /// <summary>The wait-placement rule (<see cref="WaitPlacement"/>), as the build states it.</summary>
    private static void CheckPlacement(WorkflowDefinition workflow, int index, string what)
    {
        if (!WaitPlacement.CanHold(workflow.Strategy))
        {
            throw new ArgumentException(WaitPlacement.Problem(workflow.Id, workflow.Strategy, index, what) + ".", nameof(workflow));
        }
    }

    private (Type? Input, Type? Output) CheckShape(WorkflowDefinition workflow, StrategyShape shape, (Type? Input, Type? Output)[] steps)
    {
        if (shape == StrategyShape.Nested && (steps.Length != 1 || workflow.Steps[0].Kind != StepKind.Workflow))
        {
            throw new ArgumentException(
                $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}', which needs exactly 1 step, a workflow reference ([Step(Workflow = \"id\")]); it has {steps.Length} step(s){(steps.Length == 1 ? ", an agent" : string.Empty)}.",
                nameof(workflow));
        }

        if (shape == StrategyShape.ToolEnhanced)
        {
            if (steps.Length != 1 || workflow.Steps[0].Kind != StepKind.Agent)
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}', which needs exactly 1 step, an agent whose template lists its tools; it has {steps.Length} step(s).",
                    nameof(workflow));
            }

            if (ToolCount(workflow.Steps[0].TargetId) == 0)
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}', but template '{workflow.Steps[0].TargetId}' lists no tools; give it some (AgentTemplate tools).",
                    nameof(workflow));
            }
        }

        if (shape is StrategyShape.Chain or StrategyShape.Nested or StrategyShape.ToolEnhanced or StrategyShape.PromptCachedSequential)
        {
            for (var i = 1; i < steps.Length; i++)
            {
                if (steps[i - 1].Output is { } produced && steps[i].Input is { } accepted && !accepted.IsAssignableFrom(produced))
                {
                    throw new ArgumentException(
                        $"Workflow '{workflow.Id}': step {i + 1} '{workflow.Steps[i].TargetId}' takes {accepted.FullName} " +
                        $"but step {i} '{workflow.Steps[i - 1].TargetId}' produces {produced.FullName}.",
                        nameof(workflow));
                }
            }

            return (steps[0].Input, steps[steps.Length - 1].Output);
        }

        if (shape == StrategyShape.Teaching)
        {
            if (steps.Length != 2)
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}', which needs exactly 2 steps (a junior, then an expert), but it has {steps.Length}.",
                    nameof(workflow));
            }

            if (steps[0].Input is { } juniorInput && steps[1].Input is { } expertInput && !expertInput.IsAssignableFrom(juniorInput))
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}': the expert (step 2 '{workflow.Steps[1].TargetId}') takes {expertInput.FullName} but must take the junior's input, {juniorInput.FullName}.",
                    nameof(workflow));
            }

            if (steps[0].Output is { } juniorOutput && steps[1].Output is { } expertOutput && !juniorOutput.IsAssignableFrom(expertOutput))
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}': the expert (step 2 '{workflow.Steps[1].TargetId}') produces {expertOutput.FullName} but must produce the junior's output, {juniorOutput.FullName}.",
                    nameof(workflow));
            }

            return (steps[0].Input, typeof(Taught<object>));
        }

        if (shape == StrategyShape.DelegationChain)
        {
            if (steps.Length < 3)
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}', which needs a planner, at least 1 specialist and a synthesizer (at least 3 steps), but it has {steps.Length}.",
                    nameof(workflow));
            }

            if (steps[0].Output is { } plan && plan != typeof(DelegationPlan))
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}': the planner (step 1 '{workflow.Steps[0].TargetId}') produces {plan.FullName} but must produce Orchestration.DelegationPlan.",
                    nameof(workflow));
            }

            for (var i = 1; i < steps.Length - 1; i++)
            {
                if (steps[i].Input is { } task && !task.IsAssignableFrom(typeof(string)))
                {
                    throw new ArgumentException(
                        $"Workflow '{workflow.Id}': specialist step {i + 1} '{workflow.Steps[i].TargetId}' takes {task.FullName} but specialists receive their task as a string.",
                        nameof(workflow));
                }
            }

            return (steps[0].Input, steps[steps.Length - 1].Output);
        }

        if (shape == StrategyShape.Debate)
        {
            var participants = steps.Length > 0 && steps[steps.Length - 1].Input == typeof(DebateTranscript<object?>) ? steps.Length - 1 : steps.Length;
            if (participants < 2)
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}', which needs at least 2 participants (and optionally a judge), but it has {participants}.",
                    nameof(workflow));
            }

            for (var i = 1; i < participants; i++)
            {
                if (steps[0].Output is { } position && steps[i].Output is { } other && position != other)
                {
                    throw new ArgumentException(
                        $"Workflow '{workflow.Id}': participant step {i + 1} '{workflow.Steps[i].TargetId}' argues {other.FullName} but step 1 argues {position.FullName}; participants must argue positions of one type.",
                        nameof(workflow));
                }
            }

            return (steps[0].Input, participants == steps.Length ? typeof(DebateTranscript<object>) : steps[steps.Length - 1].Output);
        }

        if (shape is StrategyShape.Conditional or StrategyShape.MultiConditional)
        {
            if (shape == StrategyShape.Conditional && steps.Length > 2)
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}', which needs a branch with a condition and optionally a default branch (1 or 2 steps), but it has {steps.Length}.",
                    nameof(workflow));
            }

            for (var i = 0; i < workflow.Steps.Count; i++)
            {
                var last = i == workflow.Steps.Count - 1;
                if (workflow.Steps[i].Condition is null && !last)
                {
                    throw new ArgumentException(
                        $"Workflow '{workflow.Id}': step {i + 1} '{workflow.Steps[i].TargetId}' has no condition, so it would always run and the steps after it never; give it a condition with WorkflowStep.When, or move it last as the default.",
                        nameof(workflow));
                }

                if (steps[0].Input is { } question && steps[i].Input is { } accepted && !accepted.IsAssignableFrom(question))
                {
                    throw new ArgumentException(
                        $"Workflow '{workflow.Id}': branch step {i + 1} '{workflow.Steps[i].TargetId}' takes {accepted.FullName} but branches receive the workflow's input, {question.FullName}.",
                        nameof(workflow));
                }

                if (steps[0].Output is { } answer && steps[i].Output is { } produced && !answer.IsAssignableFrom(produced))
                {
                    throw new ArgumentException(
                        $"Workflow '{workflow.Id}': branch step {i + 1} '{workflow.Steps[i].TargetId}' produces {produced.FullName} but every branch must produce what step 1 produces, {answer.FullName}.",
                        nameof(workflow));
                }
            }

            if (workflow.Steps[0].Condition is null)
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}': step 1 '{workflow.Steps[0].TargetId}' needs a condition (WorkflowStep.When); a conditional workflow's first branch cannot be the default.",
                    nameof(workflow));
            }

            return (steps[0].Input, typeof(Branched<object>));
        }

        if (shape == StrategyShape.Refinement)
        {
            if (steps.Length is < 2 or > 3)
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}', which needs a drafter, a critic and optionally a reviser (2 or 3 steps), but it has {steps.Length}.",
                    nameof(workflow));
            }

            if (steps[1].Output is { } verdict && !typeof(Critique).IsAssignableFrom(verdict))
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}': the critic (step 2 '{workflow.Steps[1].TargetId}') produces {verdict.FullName} but must produce Orchestration.Critique.",
                    nameof(workflow));
            }

            return (steps[0].Input, typeof(Refined<object>));
        }

        if (shape is StrategyShape.ForEach or StrategyShape.RepeatUntil)
        {
            var loop = shape == StrategyShape.ForEach ? "runs exactly 1 step per item" : "repeats exactly 1 step";
            if (steps.Length != 1)
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}', which {loop} (an agent, or a workflow for several steps), but it has {steps.Length}.",
                    nameof(workflow));
            }

            if (shape == StrategyShape.ForEach)
            {
                return (typeof(System.Collections.IEnumerable), typeof(object[]));
            }

            if (steps[0].Input is { } taken && steps[0].Output is { } produced && !taken.IsAssignableFrom(produced))
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}': the repeated step 1 '{workflow.Steps[0].TargetId}' takes {taken.FullName} but produces {produced.FullName}; " +
                    "each output is the next iteration's input, so it must take what it produces.",
                    nameof(workflow));
            }

            if (workflow.Steps[0].Condition is null && !HasOwnCondition(workflow.Strategy))
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}' but gives no condition: declare its step with WorkflowStep.When(output => ...), the condition that ends the loop.",
                    nameof(workflow));
            }

            return (steps[0].Input, typeof(Repeated<object>));
        }

        if (shape == StrategyShape.Adaptive)
        {
            if (steps.Length < 2)
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}' uses strategy '{workflow.Strategy}', which needs a classifier and at least 1 specialist (at least 2 steps), but it has {steps.Length}.",
                    nameof(workflow));
            }

            for (var i = 2; i < steps.Length; i++)
            {
                if (steps[1].Output is { } first && steps[i].Output is { } other && !first.IsAssignableFrom(other))
                {
                    throw new ArgumentException(
                        $"Workflow '{workflow.Id}': specialist step {i + 1} '{workflow.Steps[i].TargetId}' produces {other.FullName} but every specialist must produce what step 2 produces, {first.FullName}.",
                        nameof(workflow));
                }
            }

            for (var i = 1; i < steps.Length; i++)
            {
                if (steps[0].Input is { } question && steps[i].Input is { } accepted && !accepted.IsAssignableFrom(question))
                {
                    throw new ArgumentException(
                        $"Workflow '{workflow.Id}': specialist step {i + 1} '{workflow.Steps[i].TargetId}' takes {accepted.FullName} but specialists receive the workflow's input, {question.FullName}.",
                        nameof(workflow));
                }
            }

            return (steps[0].Input, typeof(Routed<object, object>));
        }

        var workflowInput = steps[0].Input;
        for (var i = 1; i < steps.Length; i++)
        {
            if (workflowInput is not null && steps[i].Input is { } accepted && !accepted.IsAssignableFrom(workflowInput))
            {
                throw new ArgumentException(
                    $"Workflow '{workflow.Id}': every step of a fan-out receives the workflow's input ({workflowInput.FullName}), " +
                    $"but step {i + 1} '{workflow.Steps[i].TargetId}' takes {accepted.FullName}.",
                    nameof(workflow));
            }
        }

        return (workflowInput, typeof(object[]));
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
        public string? Suspends { get; init; }
    }
}
