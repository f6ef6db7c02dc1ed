using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Orchestration.Declarations;
using Orchestration.Rules;

namespace Orchestration.Analyzers;

/// <summary>
/// Reports every broken declaration at the argument that is wrong: unknown strategies, templates, workflows and input
/// requests, mistyped hand-offs, nesting past the limit, cycles, waits and delays where they cannot be held, duplicate
/// or invalid ids, classes that cannot serve, and constant names passed to the run-time lookup APIs.
/// </summary>
/// <remarks>
/// The declaration graph is resolved once per compilation, lazily, by the same parser and catalog the generator uses;
/// each symbol then reports its own problems. Symbol and operation actions (not compilation-end actions) are used so
/// that the IDE shows the errors as you type in the file being edited.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeclarationAnalyzer : DiagnosticAnalyzer
{
    private static readonly (string Type, string Method, string Kind)[] LookupMethods =
    {
        ("Orchestration.StrategyRegistry", "Get", "strategy"),
        ("Orchestration.StrategyRegistry", "GetRegistration", "strategy"),
        ("Orchestration.TemplateRegistry", "Get", "template"),
        ("Orchestration.WorkflowRegistry", "Get", "workflow"),
        ("Orchestration.OrchestrationRegistry", "RunAsync", "workflow"),
        ("Orchestration.OrchestrationRegistry", "ExecuteAsync", "strategy"),
    };

    private static readonly ImmutableArray<DiagnosticDescriptor> Rules = ImmutableArray.Create(
        DiagnosticDescriptors.UnknownStrategy,
        DiagnosticDescriptors.UnknownWorkflow,
        DiagnosticDescriptors.NestingTooDeep,
        DiagnosticDescriptors.UnknownTemplate,
        DiagnosticDescriptors.ReferenceCycle,
        DiagnosticDescriptors.StepTypeMismatch,
        DiagnosticDescriptors.StrategyArity,
        DiagnosticDescriptors.DuplicateId,
        DiagnosticDescriptors.InvalidStrategyClass,
        DiagnosticDescriptors.InvalidId,
        DiagnosticDescriptors.StepTarget,
        DiagnosticDescriptors.WorkflowClassNotExtendable,
        DiagnosticDescriptors.InvalidTemplateClass,
        DiagnosticDescriptors.UnknownLookupName,
        DiagnosticDescriptors.UnusableReference,
        DiagnosticDescriptors.InvalidStrategyOption,
        DiagnosticDescriptors.InvalidMethod,
        DiagnosticDescriptors.BranchCondition,
        DiagnosticDescriptors.UnknownInputRequest,
        DiagnosticDescriptors.WaitPlacement,
        DiagnosticDescriptors.InvalidInputRequestClass,
        DiagnosticDescriptors.ChatAgentJsonMetadata);

    private static readonly Dictionary<string, DiagnosticDescriptor> RulesById = Rules.ToDictionary(d => d.Id, StringComparer.Ordinal);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Projects that do not reference the runtime have nothing to check.
            if (start.Compilation.GetTypeByMetadataName(KnownNames.WorkflowAttribute) is null)
            {
                return;
            }

            var compilation = start.Compilation;
            var defaults = ProjectDefaults.Read(compilation, start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            if (defaults.Problem is { } problem)
            {
                start.RegisterCompilationEndAction(end => end.ReportDiagnostic(DiagnosticDescriptors.Create(
                    DiagnosticDescriptors.NestingTooDeep, DefaultsLocation(end.Compilation, end.CancellationToken), problem)));
            }

            var declarations = new Lazy<CompilationDeclarations>(
                () => CompilationDeclarations.Build(compilation, defaults, start.CancellationToken),
                LazyThreadSafetyMode.ExecutionAndPublication);
            var trims = Trims(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, declarations.Value, trims), SymbolKind.NamedType);
            start.RegisterOperationAction(operation => AnalyzeLookup(operation, declarations), OperationKind.Invocation);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, CompilationDeclarations declarations, bool trims)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (declarations.TryGetTemplate(type, out var template, out var templateAttribute))
        {
            ReportDeclaration(context, type, templateAttribute, template.Problems, "id", DiagnosticDescriptors.InvalidTemplateClass,
                $"Agent template '{template.Id}'", () => declarations.OtherTemplateDeclarations(type, template.Id),
                $"Template id '{template.Id}'", $"give each template its own id");
            if (trims)
            {
                ReportMissingJsonMetadata(context, type, template, declarations);
            }
        }

        if (declarations.TryGetStrategy(type, out var strategy, out var strategyAttribute))
        {
            ReportDeclaration(context, type, strategyAttribute, strategy.Problems, "name", DiagnosticDescriptors.InvalidStrategyClass,
                $"Strategy '{strategy.Name}'", () => declarations.OtherStrategyDeclarations(type, strategy.Name),
                $"Strategy name '{strategy.Name}'", $"give each strategy its own name");
        }

        if (declarations.TryGetRequest(type, out var request, out var requestAttribute))
        {
            ReportDeclaration(context, type, requestAttribute, request.Problems, "id", DiagnosticDescriptors.InvalidInputRequestClass,
                $"Input request '{request.Id}'", () => declarations.OtherRequestDeclarations(type, request.Id),
                $"Input request id '{request.Id}'", $"give each input request its own id");
        }

        if (declarations.TryGetWorkflow(type, out var workflow, out var workflowAttribute))
        {
            ReportWorkflowProblems(context, type, workflow, workflowAttribute, declarations);
        }
    }

    /// <summary>
    /// In a project that trims, a chat agent reads and writes its types with the JSON metadata of the project's
    /// source-generated contexts (the generator passes them to its template); a type none of them declares would fail
    /// at run time, so the build says which attribute to add.
    /// </summary>
    private static void ReportMissingJsonMetadata(SymbolAnalysisContext context, INamedTypeSymbol type, TemplateModel template, CompilationDeclarations declarations)
    {
        var missing = JsonMetadataPlan.Missing(template, declarations.JsonContexts);
        if (missing.Count == 0)
        {
            return;
        }

        var attributes = string.Join(" and ", missing.Select(t => $"[JsonSerializable(typeof({t.ShortName}))]"));
        var existing = declarations.JsonContexts.FirstOrDefault(c => c.Usable)?.TypeName.Replace("global::", string.Empty);
        var where = existing is null
            ? (RuleText)$"a JsonSerializerContext in this project (for example 'internal sealed partial class AppJson : JsonSerializerContext')"
            : (RuleText)$"{existing} (a JsonSerializerContext in this project)";
        context.ReportDiagnostic(DiagnosticDescriptors.Create(
            DiagnosticDescriptors.ChatAgentJsonMetadata,
            type.Locations.FirstOrDefault() ?? Location.None,
            $"Chat agent '{template.Id}' ({type.Name}) reads and writes {string.Join(" and ", missing.Select(t => t.ShortName))} as JSON, and this project trims (native AOT or trimmed publish), where that needs source-generated metadata: add {attributes} to {where}; the generator passes it to the agent's template"));
    }

    /// <summary>Whether the project trims or is compiled ahead of time (the SDK's analyzer switches, or the publish properties).</summary>
    private static bool Trims(AnalyzerConfigOptions options) =>
        KnownNames.TrimmingProperties.Any(p => options.TryGetValue(p, out var value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reports a template's or strategy's own problems (an invalid id at the id argument, the rest at the argument at
    /// fault or the class name) and, when its id is valid, any other declaration of the same id.
    /// </summary>
    private static void ReportDeclaration(
        SymbolAnalysisContext context,
        INamedTypeSymbol type,
        AttributeData attribute,
        EquatableArray<DeclarationProblem> problems,
        string idArgument,
        DiagnosticDescriptor classRule,
        RuleText subject,
        Func<IEnumerable<string>> otherDeclarations,
        RuleText duplicateSubject,
        RuleText duplicateAdvice)
    {
        var token = context.CancellationToken;
        var idIsValid = true;
        foreach (var problem in problems)
        {
            if (problem.Argument == idArgument)
            {
                idIsValid = false;
                context.ReportDiagnostic(DiagnosticDescriptors.Create(
                    DiagnosticDescriptors.InvalidId, AttributeLocations.ConstructorArgument(attribute, token), problem.Text));
                continue;
            }

            var location = problem.Argument is { } argument
                ? AttributeLocations.NamedArgument(attribute, argument, token)
                : type.Locations.FirstOrDefault() ?? Location.None;
            context.ReportDiagnostic(DiagnosticDescriptors.Create(classRule, location, $"{subject} ({type.Name}) cannot be used: {problem.Text}"));
        }

        var others = idIsValid ? otherDeclarations().ToArray() : Array.Empty<string>();
        if (others.Length > 0)
        {
            context.ReportDiagnostic(DiagnosticDescriptors.Create(
                DiagnosticDescriptors.DuplicateId,
                AttributeLocations.ConstructorArgument(attribute, token),
                $"{duplicateSubject} is declared more than once: also by {string.Join(", ", others)}; {duplicateAdvice}"));
        }
    }

    private static void ReportWorkflowProblems(
        SymbolAnalysisContext context,
        INamedTypeSymbol type,
        ResolvedWorkflow workflow,
        AttributeData attribute,
        CompilationDeclarations declarations)
    {
        var token = context.CancellationToken;
        IReadOnlyList<AttributeData>? steps = null;
        foreach (var problem in workflow.Problems)
        {
            var rule = RuleFor(problem.Kind);
            if (rule is null)
            {
                continue;
            }

            var message = problem.Kind == ProblemKind.DuplicateId
                ? $"Workflow id '{workflow.Model.Id}' is declared more than once: also by {string.Join(", ", declarations.OtherWorkflowDeclarations(type, workflow.Model.Id))}; give each workflow its own id"
                : problem.Text;

            Location location;
            switch (problem.Target)
            {
                case ProblemTarget.WorkflowId:
                    location = AttributeLocations.ConstructorArgument(attribute, token);
                    break;
                case ProblemTarget.Strategy or ProblemTarget.MaxDepth or ProblemTarget.ConfidenceThreshold or ProblemTarget.Router or ProblemTarget.MaxIterations
                    or ProblemTarget.Rounds or ProblemTarget.CachedContext or ProblemTarget.Items or ProblemTarget.Until or ProblemTarget.MaxParallelism:
                    // These targets are named after the [Workflow] argument they point at.
                    location = AttributeLocations.NamedArgument(attribute, problem.Target.ToString(), token);
                    break;
                case ProblemTarget.StepWhen when problem.StepIndex > 0:
                    steps ??= DeclarationParser.OrderedSteps(type);
                    location = AttributeLocations.NamedArgument(steps[problem.StepIndex - 1], "When", token);
                    break;
                case ProblemTarget.Class:
                    location = type.Locations.FirstOrDefault() ?? Location.None;
                    break;
                case ProblemTarget.Member when problem.Member is { } member:
                    location = MemberLocation(type, member, token);
                    break;
                case ProblemTarget.Step or ProblemTarget.StepTarget when problem.StepIndex > 0:
                    steps ??= DeclarationParser.OrderedSteps(type);
                    var step = steps[problem.StepIndex - 1];
                    location = problem.Target == ProblemTarget.Step
                        ? AttributeLocations.Attribute(step, token)
                        : TargetArgument(workflow.Model.Steps[problem.StepIndex - 1]) is { } argument
                            ? AttributeLocations.NamedArgument(step, argument, token)
                            : AttributeLocations.ConstructorArgument(step, token);
                    break;
                default:
                    location = AttributeLocations.Attribute(attribute, token);
                    break;
            }

            var properties = problem.Member is { } reserved
                ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.ReservedMember, reserved)
                : WithSuggestion(problem.Suggestion);
            context.ReportDiagnostic(DiagnosticDescriptors.Create(rule, location, message, properties));
        }
    }

    /// <summary>Where the user declared a member: by name, or a method by its description (<c>RunAsync(Order, CancellationToken)</c>).</summary>
    private static Location MemberLocation(INamedTypeSymbol type, string member, CancellationToken token)
    {
        var parenthesis = member.IndexOf('(');
        var name = parenthesis < 0 ? member : member.Substring(0, parenthesis);
        return type.GetMembers(name)
            .Where(m => parenthesis < 0 || (m is IMethodSymbol method && GeneratedMembers.Describe(method) == member))
            .Select(m => GeneratedMembers.UserLocation(m, token))
            .FirstOrDefault(l => l is not null)
            ?? type.Locations.FirstOrDefault() ?? Location.None;
    }

    /// <summary>The named argument of a step that says what it runs, or null for its template (the constructor argument).</summary>
    private static string? TargetArgument(StepModel step) =>
        step.Template is not null ? null
        : step.Workflow is not null ? "Workflow"
        : step.Await is not null ? "Await"
        : step.DelaySeconds is not null ? "DelaySeconds"
        : "Until";

    /// <summary>The closest name travels in the diagnostic's properties, for the code fix that applies it.</summary>
    private static ImmutableDictionary<string, string?>? WithSuggestion(string? suggestion) =>
        suggestion is null ? null : ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Suggestion, suggestion);

    /// <summary>
    /// The rule a workflow problem is reported under: the id is <see cref="ProblemIds"/>' (one mapping, which the
    /// generated stub of a broken workflow quotes too); null for problems reported where the dependency is declared,
    /// since repeating them at every user would bury the cause.
    /// </summary>
    private static DiagnosticDescriptor? RuleFor(ProblemKind kind) =>
        ProblemIds.Of(kind) is { } id ? RulesById[id] : null;

    private static void AnalyzeLookup(OperationAnalysisContext context, Lazy<CompilationDeclarations> declarations)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        // Runs for every invocation in the compilation: compare the method's name first, and its type without formatting it.
        string? containing = null;
        string? kind = null;
        foreach (var (typeName, methodName, lookupKind) in LookupMethods)
        {
            if (method.Name == methodName && SymbolNames.Is(method.ContainingType, typeName))
            {
                (containing, kind) = (typeName, lookupKind);
                break;
            }
        }

        if (kind is null || invocation.Arguments.Length == 0)
        {
            return;
        }

        var catalog = declarations.Value.Catalog;
        var api = $"{containing!.Substring("Orchestration.".Length)}.{method.Name}";
        CheckConstant(context, invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value, kind, catalog, api);

        // ExecuteAsync(strategy, templateIds, ...): template ids written as an array are checked one by one.
        if (method.Name == "ExecuteAsync" &&
            invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1)?.Value is { } ids &&
            Unwrap(ids) is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var element in initializer.ElementValues)
            {
                CheckConstant(context, element, "template", catalog, api);
            }
        }
    }

    private static IOperation Unwrap(IOperation operation) =>
        operation is IConversionOperation conversion ? Unwrap(conversion.Operand) : operation;

    private static void CheckConstant(OperationAnalysisContext context, IOperation? value, string kind, DeclarationCatalog catalog, string api)
    {
        if (value?.ConstantValue is not { HasValue: true, Value: string name })
        {
            return;
        }

        var known = kind switch
        {
            "strategy" => catalog.StrategyNames,
            "template" => catalog.TemplateIds,
            _ => catalog.WorkflowIds,
        };
        if (known.Contains(name))
        {
            return;
        }

        (RuleText What, RuleText Word, RuleText Declaration) words = kind switch
        {
            "strategy" => ($"strategy", $"name", $"a built-in or [Strategy] strategy"),
            "template" => ($"template", $"id", $"an [AgentTemplate]"),
            _ => ($"workflow", $"id", $"a [Workflow]"),
        };
        if (string.IsNullOrWhiteSpace(name))
        {
            context.ReportDiagnostic(DiagnosticDescriptors.Create(
                DiagnosticDescriptors.UnknownLookupName,
                value.Syntax.GetLocation(),
                $"{api}: the {words.What} {words.Word} is {DeclarationCatalog.EmptyOrBlank(name)}, so it names no {words.What}; pass the {words.Word} of {words.Declaration}. Available: {DeclarationCatalog.Available(known)}."));
            return;
        }

        context.ReportDiagnostic(DiagnosticDescriptors.Create(
            DiagnosticDescriptors.UnknownLookupName,
            value.Syntax.GetLocation(),
            $"{api}: {DeclarationCatalog.UnknownMessage(words.What, name, known)} If it is registered at run time, pass it as a non-constant value.",
            WithSuggestion(NameSuggestions.FindClosest(name, known))));
    }

    /// <summary>The <c>MaxDepth</c> argument of <c>[assembly: OrchestrationDefaults]</c>, or no location (the MSBuild property).</summary>
    private static Location DefaultsLocation(Compilation compilation, CancellationToken cancellationToken)
    {
        var attribute = ProjectDefaults.FindAttribute(compilation);
        return attribute is null ? Location.None : AttributeLocations.NamedArgument(attribute, "MaxDepth", cancellationToken);
    }
}
