using System;
using System.Collections.Generic;
using System.Linq;
using Orchestration.Rules;

namespace Orchestration.Declarations;

// The options and methods a [Workflow] names (strategy options, Router, When, Items, Until): build-time only, since they are attribute arguments and C# methods.
internal sealed partial class DeclarationCatalog
{
    /// <summary>The strategy options on [Workflow]: each only where its strategy uses it, and within its range.</summary>
    private static void CheckOptions(WorkflowModel model, int shape, List<Problem> problems)
    {
        if (model.ConfidenceThreshold is { } threshold && (threshold < 0 || threshold > 1))
        {
            problems.Add(new Problem(ProblemKind.InvalidOption,
                $"Workflow '{model.Id}': ConfidenceThreshold must be between 0 and 1 (inclusive); it is {threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                ProblemTarget.ConfidenceThreshold));
        }

        if (shape == KnownNames.PromptCachedShape && string.IsNullOrWhiteSpace(model.CachedContext))
        {
            problems.Add(new Problem(ProblemKind.InvalidOption,
                $"Workflow '{model.Id}' uses strategy '{model.Strategy}' but has no CachedContext; set the context every step shares, or use the sequential strategy",
                model.CachedContext is null ? ProblemTarget.WorkflowAttribute : ProblemTarget.CachedContext));
        }
        else if (shape != KnownNames.PromptCachedShape && model.CachedContext is not null)
        {
            problems.Add(NotUsed(model, ProblemTarget.CachedContext, $"the prompt_cached_sequential strategy"));
        }

        if (model.Rounds is { } rounds)
        {
            if (shape != KnownNames.DebateShape)
            {
                problems.Add(NotUsed(model, ProblemTarget.Rounds, $"the debate strategy"));
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
                problems.Add(NotUsed(model, ProblemTarget.MaxIterations, $"the refinement and repeat_until strategies"));
            }
            else if (iterations < 1)
            {
                problems.Add(new Problem(ProblemKind.InvalidOption,
                    $"Workflow '{model.Id}': MaxIterations must be at least 1 (it is {iterations}); it bounds {(shape == KnownNames.RefinementShape
                        ? (RuleText)$"how many critiques a draft gets"
                        : (RuleText)$"how many times the step repeats")}",
                    ProblemTarget.MaxIterations));
            }
        }

        CheckLoopOptions(model, shape, problems);

        if (model.Router is not null && shape != KnownNames.AdaptiveShape)
        {
            problems.Add(NotUsed(model, ProblemTarget.Router, $"the adaptive strategy"));
        }
    }

    /// <summary>What is wrong with a method a workflow names, or null when it can be called as <paramref name="returns"/> M(<paramref name="argument"/>).</summary>
    private static RuleText? MethodProblem(MethodModel method, TypeRef argument, string returns, RuleText parameterRole, RuleText returnRole, RuleText argumentSource) =>
        !method.Found ? (RuleText)$"the workflow class has no method named '{method.Name}'"
        : !method.IsStatic ? (RuleText)$"'{method.Name}' is not static"
        : method.Parameter is null ? (RuleText)$"'{method.Name}' must take exactly one parameter, {parameterRole}"
        : method.ReturnKey != returns ? (RuleText)$"'{method.Name}' must {returnRole}"
        : !argument.IsAssignableTo(method.Parameter) ? (RuleText)$"'{method.Name}' takes {method.Parameter.ShortName} but {argumentSource}"
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
        var wrong = !items.Found ? (RuleText)$"the workflow class has no method named '{items.Name}'"
            : !items.IsStatic ? (RuleText)$"'{items.Name}' is not static"
            : items.Parameter is null ? (RuleText)$"'{items.Name}' must take exactly one parameter, the workflow's input"
            : items.Element is null ? (RuleText)$"'{items.Name}' returns {items.ReturnKey?.Replace("global::", string.Empty)}, which is not a collection (IEnumerable<T>) of items"
            : !items.Element.IsAssignableTo(item) ? (RuleText)$"'{items.Name}' gives items of type {items.Element.ShortName} but step 1 '{body.Id}' takes {item.ShortName}"
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
            if (MethodProblem(router, classifier.Output!, "string", $"the classification", $"return the chosen specialist's id as a string",
                $"the classifier (step 1 '{classifier.Id}') produces {classifier.Output!.ShortName}") is { } wrong)
            {
                ok = false;
                problems.Add(new Problem(ProblemKind.InvalidMethod, $"Workflow '{model.Id}': {wrong}; declare static string {router.Name}({classifier.Output!.ShortName} classification) on the workflow class", ProblemTarget.Router));
            }
        }

        if (shape is KnownNames.ConditionalShape or KnownNames.MultiConditionalShape)
        {
            var input = steps[0].Input!;
            foreach (var branch in steps)
            {
                if (model.Steps[branch.Index - 1].When is { } condition &&
                    MethodProblem(condition, input, "bool", $"the workflow's input", $"return bool", $"the workflow's input is {input.ShortName}") is { } wrong)
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
                MethodProblem(until, value, "bool", $"the step's output", $"return bool", $"step 1 '{body.Id}' produces {value.ShortName}") is { } wrong)
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
                    $"Workflow '{model.Id}' step {i + 1}: When is only used by the conditional and multi_conditional strategies, not by '{model.Strategy}'; remove it{(shape == KnownNames.RepeatUntilShape
                        ? (RuleText)$" (the condition that ends a repeat_until goes on the [Workflow]: Until = nameof(Done))"
                        : RuleText.None)}",
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
            problems.Add(NotUsed(model, ProblemTarget.Items, $"the for_each strategy"));
        }

        if (model.MaxParallelism is { } parallelism)
        {
            if (shape != KnownNames.ForEachShape)
            {
                problems.Add(NotUsed(model, ProblemTarget.MaxParallelism, $"the for_each strategy"));
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
            problems.Add(NotUsed(model, ProblemTarget.Until, $"the repeat_until strategy",
                $" (to delay a step until a time, put Until on the [Step])"));
        }
        else if (model.Until is null && shape == KnownNames.RepeatUntilShape)
        {
            problems.Add(new Problem(ProblemKind.InvalidOption,
                $"Workflow '{model.Id}' uses strategy '{model.Strategy}' but has no Until: name the static method that says when the loop ends, [Workflow(..., Until = nameof(Done))] with static bool Done(T output) on the workflow class",
                ProblemTarget.WorkflowAttribute));
        }
    }

    /// <summary>An option set for a strategy that does not use it (it would be silently ignored): the option is named after its target.</summary>
    private static Problem NotUsed(WorkflowModel model, ProblemTarget option, RuleText usedBy, RuleText? hint = null) =>
        new(ProblemKind.InvalidOption, $"Workflow '{model.Id}': {option} is only used by {usedBy}, not by '{model.Strategy}'; remove it{hint ?? RuleText.None}", option);
}
