using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Orchestration.Rules;

namespace Orchestration.Declarations;

/// <summary>Reads attributed declarations into symbol-free models.</summary>
internal static class DeclarationParser
{
    private static readonly SymbolDisplayFormat FullNameFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat KeyFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>
    /// Whether the compiler rejected one of the type's attributes (no constructor fits its arguments, or an argument
    /// has the wrong type). Such a declaration is left out of the analysis and generation: the compiler's own error
    /// (CS1503 and the like) already points at it, and guessing its values would only add a second, misleading error.
    /// </summary>
    public static bool HasBrokenAttribute(INamedTypeSymbol type) => type.GetAttributes().Any(IsBroken);

    private static bool IsBroken(AttributeData attribute) =>
        attribute.AttributeClass is null or IErrorTypeSymbol
        || attribute.AttributeConstructor is null
        || attribute.ConstructorArguments.Any(IsError)
        || attribute.NamedArguments.Any(a => IsError(a.Value));

    private static bool IsError(TypedConstant constant) =>
        constant.Kind == TypedConstantKind.Error
        || (constant.Kind == TypedConstantKind.Array && !constant.IsNull && constant.Values.Any(IsError));

    public static TemplateModel ParseTemplate(INamedTypeSymbol type, AttributeData attribute, CancellationToken cancellationToken)
    {
        var problems = new List<DeclarationProblem>();
        var id = ConstructorString(attribute, 0) ?? string.Empty;
        var role = NamedString(attribute, "Role") ?? type.Name;
        var tier = NamedInt(attribute, "Tier") ?? KnownNames.DefaultTier;
        var minTokens = NamedInt(attribute, "MinTokens") ?? KnownNames.DefaultMinTokens;
        var maxTokens = NamedInt(attribute, "MaxTokens") ?? KnownNames.DefaultMaxTokens;
        var timeout = NamedInt(attribute, "TimeoutSeconds") ?? KnownNames.DefaultTimeoutSeconds;
        var memory = NamedInt(attribute, "MemoryMb") ?? KnownNames.DefaultMemoryMb;
        var maxAttempts = NamedInt(attribute, "MaxAttempts") ?? 1;
        var backoff = NamedInt(attribute, "RetryBackoffMs") ?? 200;

        if (string.IsNullOrWhiteSpace(id) || id.Trim().Length != id.Length)
        {
            problems.Add(new DeclarationProblem(DeclarationCatalog.InvalidIdMessage($"template id", id, type.Name), "id"));
        }

        if (tier is < 0 or > 2)
        {
            problems.Add(new DeclarationProblem($"Tier must be Cheap, Capable or Premium", "Tier"));
        }

        if (string.IsNullOrWhiteSpace(role))
        {
            problems.Add(new DeclarationProblem($"Role must be a non-empty string", "Role"));
        }

        if (minTokens < 0)
        {
            problems.Add(new DeclarationProblem($"MinTokens must be non-negative", "MinTokens"));
        }

        if (maxTokens < minTokens)
        {
            problems.Add(new DeclarationProblem($"MaxTokens ({maxTokens}) must be >= MinTokens ({minTokens})", "MaxTokens"));
        }

        if (timeout <= 0)
        {
            problems.Add(new DeclarationProblem($"TimeoutSeconds must be positive", "TimeoutSeconds"));
        }

        if (memory <= 0)
        {
            problems.Add(new DeclarationProblem($"MemoryMb must be positive", "MemoryMb"));
        }

        if (maxAttempts < 1)
        {
            problems.Add(new DeclarationProblem($"MaxAttempts must be at least 1 (1 means no retry)", "MaxAttempts"));
        }

        if (backoff < 0)
        {
            problems.Add(new DeclarationProblem($"RetryBackoffMs cannot be negative", "RetryBackoffMs"));
        }

        var capabilities = NamedStrings(attribute, "Capabilities");
        var tools = NamedStrings(attribute, "Tools");
        if (capabilities.Any(string.IsNullOrWhiteSpace) || tools.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add(new DeclarationProblem($"capabilities and tools must be non-empty strings", capabilities.Any(string.IsNullOrWhiteSpace) ? "Capabilities" : "Tools"));
        }

        var gates = type.GetAttributes()
            .Where(a => SymbolNames.Is(a.AttributeClass, KnownNames.QualityGateAttribute) && a.ConstructorArguments.Length == 2)
            .Select(a => new QualityGateModel(a.ConstructorArguments[0].Value as string ?? string.Empty, ToDouble(a.ConstructorArguments[1].Value)))
            .ToArray();
        if (gates.Any(g => string.IsNullOrWhiteSpace(g.Name)))
        {
            problems.Add(new DeclarationProblem($"quality gate names must be non-empty strings"));
        }

        TypeRef? input = null;
        TypeRef? output = null;
        var agentInterfaces = type.AllInterfaces
            .Where(i => SymbolNames.Is(i, KnownNames.AgentInterface))
            .ToArray();
        if (agentInterfaces.Length == 0)
        {
            problems.Add(new DeclarationProblem($"the class does not implement Orchestration.IAgent<TInput, TOutput>"));
        }
        else if (agentInterfaces.Length > 1)
        {
            problems.Add(new DeclarationProblem($"the class implements IAgent<TInput, TOutput> more than once, so its input and output types are ambiguous"));
        }
        else
        {
            input = ToTypeRef(agentInterfaces[0].TypeArguments[0]);
            output = ToTypeRef(agentInterfaces[0].TypeArguments[1]);
        }

        AddClassProblems(type, problems);
        AddFileLocalTypeProblem(problems, "input", agentInterfaces.Length == 1 ? agentInterfaces[0].TypeArguments[0] : null);
        AddFileLocalTypeProblem(problems, "output", agentInterfaces.Length == 1 ? agentInterfaces[0].TypeArguments[1] : null);
        var constructor = ChooseConstructor(type, problems);
        cancellationToken.ThrowIfCancellationRequested();

        return new TemplateModel(
            id,
            role,
            tier,
            capabilities.ToEquatableArray(),
            tools.ToEquatableArray(),
            NamedString(attribute, "DefaultInstructions"),
            gates.ToEquatableArray(),
            minTokens,
            maxTokens,
            timeout,
            memory,
            maxAttempts,
            backoff,
            type.ToDisplayString(KeyFormat),
            IsEffectivelyPublic(type),
            input,
            output,
            constructor,
            problems.ToEquatableArray(),
            IsStateless(type, cancellationToken),
            ChatJsonTypes(type, input, output));
    }

    /// <summary>
    /// For a chat agent (a class deriving from <c>ChatAgent&lt;TInput, TOutput&gt;</c>) that does not supply its own
    /// serializer options, the types it reads and writes as JSON: its input and output, strings excepted.
    /// </summary>
    private static EquatableArray<TypeRef> ChatJsonTypes(INamedTypeSymbol type, TypeRef? input, TypeRef? output)
    {
        if (input is null || output is null)
        {
            return EquatableArray<TypeRef>.Empty;
        }

        var isChatAgent = false;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolNames.Is(current.OriginalDefinition, KnownNames.ChatAgentBase))
            {
                isChatAgent = true;
                break;
            }

            if (current.GetMembers("SerializerOptions").Any(m => m is IPropertySymbol { IsOverride: true }))
            {
                return EquatableArray<TypeRef>.Empty;
            }
        }

        return isChatAgent
            ? new[] { input, output }.Where(t => t.Key != "string").Distinct().ToEquatableArray()
            : EquatableArray<TypeRef>.Empty;
    }

    /// <summary>A class carrying <c>[JsonSerializable]</c> attributes: a source-generated JSON context, if it is one.</summary>
    public static JsonContextModel ParseJsonContext(INamedTypeSymbol type, IEnumerable<AttributeData> attributes)
    {
        var isContext = false;
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolNames.Is(current, KnownNames.JsonSerializerContext))
            {
                isContext = true;
                break;
            }
        }

        var reachable = true;
        for (ISymbol? current = type; current is INamedTypeSymbol t; current = t.ContainingType)
        {
            // A file-local context cannot be named from the generated module.
            reachable &= t.DeclaredAccessibility is not (Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal) && !t.IsGenericType && !t.IsFileLocal;
        }

        var keys = attributes
            .Where(a => a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is ITypeSymbol)
            .Select(a => ToTypeRef((ITypeSymbol)a.ConstructorArguments[0].Value!).Key)
            .Distinct()
            .OrderBy(k => k, System.StringComparer.Ordinal)
            .ToEquatableArray();
        return new JsonContextModel(type.ToDisplayString(KeyFormat), isContext && reachable && !type.IsAbstract, keys);
    }

    /// <summary>
    /// Whether every instance of the agent class is interchangeable, so one shared instance can serve every step:
    /// a sealed, non-generic class derived from <c>object</c>, not disposable, with no instance state (no instance
    /// fields, auto-properties, <c>field</c>-backed properties or field-like events), built by an implicit or empty
    /// parameterless constructor. Anything else is created per step. Conservative on purpose: a false "no" costs one
    /// allocation, a false "yes" would share state between steps.
    /// </summary>
    internal static bool IsStateless(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.TypeKind != TypeKind.Class || !type.IsSealed || type.IsAbstract || type.IsGenericType || type.IsRecord ||
            type.BaseType?.SpecialType != SpecialType.System_Object ||
            type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable || SymbolNames.Is(i, "System.IAsyncDisposable")))
        {
            return false;
        }

        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case IFieldSymbol { IsStatic: false }:
                case IEventSymbol { IsStatic: false, AddMethod.IsImplicitlyDeclared: true }:
                case IMethodSymbol { MethodKind: MethodKind.Destructor }:
                case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor when !IsEmptyParameterless(constructor, cancellationToken):
                case IPropertySymbol { IsStatic: false } property when UsesFieldKeyword(property, cancellationToken):
                    return false;
            }
        }

        return true;

        static bool IsEmptyParameterless(IMethodSymbol constructor, CancellationToken cancellationToken) =>
            constructor.Parameters.Length == 0 &&
            (constructor.IsImplicitlyDeclared ||
             constructor.DeclaringSyntaxReferences.All(r => r.GetSyntax(cancellationToken) is ConstructorDeclarationSyntax
             {
                 Initializer: null or { ArgumentList.Arguments.Count: 0, ThisOrBaseKeyword.RawKind: (int)SyntaxKind.BaseKeyword },
                 ExpressionBody: null,
                 Body.Statements.Count: 0,
             }));

        // C# 14's `field` keyword gives a property a backing field that older compilers do not list as a member.
        static bool UsesFieldKeyword(IPropertySymbol property, CancellationToken cancellationToken) =>
            property.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken).DescendantTokens()
                .Any(t => (t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == "field") || t.IsKind(SyntaxKind.FieldKeyword)));
    }

    public static StrategyModel ParseStrategy(INamedTypeSymbol type, AttributeData attribute)
    {
        var problems = new List<DeclarationProblem>();
        var name = ConstructorString(attribute, 0) ?? string.Empty;
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length != name.Length)
        {
            problems.Add(new DeclarationProblem(DeclarationCatalog.InvalidIdMessage($"strategy name", name, type.Name), "name"));
        }

        var shape = NamedInt(attribute, "Shape") ?? KnownNames.ChainShape;
        if (shape is not (KnownNames.ChainShape or KnownNames.FanOutShape))
        {
            problems.Add(new DeclarationProblem($"Shape must be a StrategyShape value", "Shape"));
        }

        var derives = false;
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolNames.Is(current, KnownNames.StrategyBase))
            {
                derives = true;
                break;
            }
        }

        if (!derives)
        {
            problems.Add(new DeclarationProblem($"the class does not derive from {KnownNames.StrategyBase}"));
        }

        AddClassProblems(type, problems);
        var constructor = ChooseConstructor(type, problems);
        return new StrategyModel(name, shape, type.ToDisplayString(KeyFormat), constructor, problems.ToEquatableArray());
    }

    public static InputRequestModel ParseInputRequest(INamedTypeSymbol type, AttributeData attribute)
    {
        var problems = new List<DeclarationProblem>();
        var id = ConstructorString(attribute, 0) ?? string.Empty;
        if (string.IsNullOrWhiteSpace(id) || id.Trim().Length != id.Length)
        {
            problems.Add(new DeclarationProblem(DeclarationCatalog.InvalidIdMessage($"input request id", id, type.Name), "id"));
        }

        var deadline = NamedInt(attribute, "DeadlineSeconds") ?? 0;
        if (deadline < 0)
        {
            problems.Add(new DeclarationProblem($"DeadlineSeconds cannot be negative (it is {deadline}); use 0 for no deadline", "DeadlineSeconds"));
        }

        TypeRef? request = null;
        TypeRef? response = null;
        var current = type.BaseType;
        while (current is not null && !SymbolNames.Is(current, KnownNames.InputRequestBase))
        {
            current = current.BaseType;
        }

        if (current is null)
        {
            problems.Add(new DeclarationProblem($"the class does not derive from Orchestration.InputRequest<TRequest, TResponse>"));
        }
        else
        {
            request = ToTypeRef(current.TypeArguments[0]);
            response = ToTypeRef(current.TypeArguments[1]);
        }

        AddClassProblems(type, problems);
        AddFileLocalTypeProblem(problems, "request", current?.TypeArguments[0]);
        AddFileLocalTypeProblem(problems, "response", current?.TypeArguments[1]);
        var constructor = ChooseConstructor(type, problems);
        return new InputRequestModel(
            id,
            NamedString(attribute, "Description"),
            deadline,
            type.ToDisplayString(KeyFormat),
            IsEffectivelyPublic(type),
            request,
            response,
            constructor,
            problems.ToEquatableArray());
    }

    public static WorkflowModel ParseWorkflow(INamedTypeSymbol type, AttributeData attribute, CancellationToken cancellationToken)
    {
        var steps = OrderedSteps(type)
            .Select(s => new StepModel(
                ConstructorString(s, 0),
                NamedString(s, "Workflow"),
                ParseMethod(type, NamedString(s, "When")),
                NamedString(s, "Await"),
                NamedInt(s, "DelaySeconds"),
                ParseMethod(type, NamedString(s, "Until"))))
            .ToEquatableArray();

        var problems = new List<RuleText>();
        var isPartial = true;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration &&
                !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                isPartial = false;
            }
        }

        if (!isPartial)
        {
            problems.Add($"the workflow class must be partial so that the generator can add its runner");
        }

        if (type.IsGenericType)
        {
            problems.Add($"the workflow class must not be generic");
        }

        var containing = new List<ContainingType>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsGenericType)
            {
                problems.Add($"the containing type '{outer.Name}' must not be generic");
            }

            foreach (var reference in outer.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration &&
                    !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    problems.Add($"the containing type '{outer.Name}' must be partial");
                }
            }

            containing.Insert(0, new ContainingType(Keyword(outer), outer.Name));
        }

        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            problems.Add($"a workflow must be a class or struct");
        }

        if (FileLocalProblem(type) is { } fileLocal)
        {
            problems.Add(fileLocal);
        }

        // A member may not have the name of its enclosing type (CS0542).
        if (GeneratedMembers.Members.Concat(GeneratedMembers.Methods).Contains(type.Name))
        {
            problems.Add($"the class is named '{type.Name}', like a member the generator adds to it ({string.Join(", ", GeneratedMembers.Members.Concat(GeneratedMembers.Methods))}); rename the class");
        }

        var workflowClass = new WorkflowClass(
            type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            type.ToDisplayString(KeyFormat),
            type.IsStatic,
            IsEffectivelyPublic(type),
            Keyword(type),
            containing.ToEquatableArray(),
            problems.Distinct().ToEquatableArray(),
            GeneratedMembers.Clashes(type, cancellationToken),
            GeneratedMembers.OwnMethods(type, cancellationToken));

        var strategyIsNull = attribute.NamedArguments.Any(a => a.Key == "Strategy" && a.Value.Kind != TypedConstantKind.Error && a.Value.IsNull);
        return new WorkflowModel(
            ConstructorString(attribute, 0) ?? string.Empty,
            strategyIsNull ? string.Empty : NamedString(attribute, "Strategy") ?? "sequential",
            NamedString(attribute, "Description"),
            NamedInt(attribute, "MaxDepth"),
            NamedDouble(attribute, "ConfidenceThreshold"),
            NamedInt(attribute, "MaxIterations") is { } iterations and not 0 ? iterations : null,
            NamedInt(attribute, "Rounds") is { } rounds and not 0 ? rounds : null,
            NamedString(attribute, "CachedContext"),
            ParseMethod(type, NamedString(attribute, "Router")),
            workflowClass,
            steps,
            strategyIsNull,
            ParseMethod(type, NamedString(attribute, "Items"), elements: true),
            ParseMethod(type, NamedString(attribute, "Until")),
            NamedInt(attribute, "MaxParallelism") is { } parallelism and not 0 ? parallelism : null);
    }

    private static MethodModel? ParseMethod(INamedTypeSymbol type, string? name, bool elements = false)
    {
        if (name is null)
        {
            return null;
        }

        var methods = type.GetMembers(name).OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).ToArray();
        var method = methods.FirstOrDefault(m => m.IsStatic && m.Parameters.Length == 1) ?? methods.FirstOrDefault();
        return method is null
            ? new MethodModel(name, false, false, null, null)
            : new MethodModel(
                name,
                true,
                method.IsStatic,
                method.Parameters.Length == 1 ? ToTypeRef(method.Parameters[0].Type) : null,
                method.ReturnType.ToDisplayString(KeyFormat),
                elements && ElementOf(method.ReturnType) is { } element ? ToTypeRef(element) : null);
    }

    /// <summary>The <c>T</c> of the <c>IEnumerable&lt;T&gt;</c> that <paramref name="type"/> is or implements (not for strings).</summary>
    private static ITypeSymbol? ElementOf(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return null;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } sequence)
        {
            return sequence.TypeArguments[0];
        }

        return type.AllInterfaces.FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)?.TypeArguments[0];
    }

    /// <summary>The <c>[Step]</c> attributes of a workflow in source order (file, then position), which is step order.</summary>
    public static IReadOnlyList<AttributeData> OrderedSteps(INamedTypeSymbol type) => type.GetAttributes()
        .Where(a => SymbolNames.Is(a.AttributeClass, KnownNames.StepAttribute))
        .Select(a => (Attribute: a, Order: SourceOrder(a)))
        .OrderBy(s => s.Order.File, System.StringComparer.Ordinal)
        .ThenBy(s => s.Order.Position)
        .Select(s => s.Attribute)
        .ToArray();

    // A type is usually seen twice per compilation (one step's output, the next step's input), and formatting its
    // names is the costliest part of parsing; symbols live as long as their compilation, and so do these entries.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ITypeSymbol, TypeRef> TypeRefs = new();

    public static TypeRef ToTypeRef(ITypeSymbol type) => TypeRefs.GetValue(type, CreateTypeRef);

    private static TypeRef CreateTypeRef(ITypeSymbol type)
    {
        var assignable = new List<string>();
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            assignable.Add(current.ToDisplayString(KeyFormat));
        }

        assignable.AddRange(type.AllInterfaces.Select(i => i.ToDisplayString(KeyFormat)));
        var key = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(KeyFormat);

        // A plain, non-generic, top-level class or struct (the common case) needs no more formatting: its full name is
        // its key, and its short name is its name.
        var plain = type is INamedTypeSymbol { IsGenericType: false, ContainingType: null, SpecialType: SpecialType.None, IsTupleType: false } &&
            type.NullableAnnotation != NullableAnnotation.Annotated;
        return new TypeRef(
            plain ? key : type.ToDisplayString(FullNameFormat),
            key,
            plain ? type.Name : type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            IsEffectivelyPublic(type),
            assignable.ToEquatableArray());
    }

    public static bool IsEffectivelyPublic(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return IsEffectivelyPublic(array.ElementType);
            case ITypeParameterSymbol:
                return false;
            case INamedTypeSymbol named:
                for (ISymbol? current = named; current is INamedTypeSymbol t; current = t.ContainingType)
                {
                    if (t.DeclaredAccessibility != Accessibility.Public)
                    {
                        return false;
                    }
                }

                return named.TypeArguments.All(IsEffectivelyPublic);
            default:
                return true;
        }
    }

    private static void AddClassProblems(INamedTypeSymbol type, List<DeclarationProblem> problems)
    {
        if (type.IsStatic)
        {
            problems.Add(new DeclarationProblem($"the class is static, so it cannot be created"));
        }
        else if (type.IsAbstract)
        {
            problems.Add(new DeclarationProblem($"the class is abstract, so it cannot be created"));
        }

        if (type.IsGenericType)
        {
            problems.Add(new DeclarationProblem($"the class is generic, so the generator cannot know its type arguments"));
        }

        for (ISymbol? current = type; current is INamedTypeSymbol t; current = t.ContainingType)
        {
            if (t.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                problems.Add(new DeclarationProblem($"'{t.Name}' is {t.DeclaredAccessibility.ToString().ToLowerInvariant()}, so generated code cannot create it; make it internal or public"));
                break;
            }
        }

        if (FileLocalProblem(type) is { } fileLocal)
        {
            problems.Add(new DeclarationProblem(fileLocal));
        }
    }

    private static RuleText FileLocalAdvice => $"file-local types cannot be registered: the generated registry lives in another file; make it internal or public";

    /// <summary>Why a <c>file</c>-local class (or a class nested in one) cannot be reached from generated files; null when it can.</summary>
    private static RuleText? FileLocalProblem(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return $"'{current.Name}' is file-local; {FileLocalAdvice}";
            }
        }

        return null;
    }

    /// <summary>Reports the agent's or input request's own type (<paramref name="role"/>) when generated code could not name it.</summary>
    private static void AddFileLocalTypeProblem(List<DeclarationProblem> problems, string role, ITypeSymbol? type)
    {
        if (type is not null && FileLocalPart(type) is { } part)
        {
            problems.Add(new DeclarationProblem($"its {role} type '{part.Name}' is file-local; {FileLocalAdvice}"));
        }
    }

    /// <summary>The file-local type a type is made of (itself, a containing type, an element or a type argument), if any.</summary>
    private static INamedTypeSymbol? FileLocalPart(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return FileLocalPart(array.ElementType);
            case INamedTypeSymbol named:
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    if (current.IsFileLocal)
                    {
                        return current;
                    }
                }

                return named.TypeArguments.Select(FileLocalPart).FirstOrDefault(t => t is not null);
            default:
                return null;
        }
    }

    private static EquatableArray<ConstructorParameter> ChooseConstructor(INamedTypeSymbol type, List<DeclarationProblem> problems)
    {
        if (type.IsStatic || type.IsAbstract)
        {
            return EquatableArray<ConstructorParameter>.Empty;
        }

        var candidates = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
            .ToArray();
        if (candidates.Length == 0)
        {
            problems.Add(new DeclarationProblem($"the class has no public or internal constructor"));
            return EquatableArray<ConstructorParameter>.Empty;
        }

        var chosen = candidates.FirstOrDefault(c => c.GetAttributes().Any(a => SymbolNames.Is(a.AttributeClass, KnownNames.ActivatorUtilitiesConstructor)))
            ?? candidates.OrderByDescending(c => c.Parameters.Length).First();
        var parameters = new List<ConstructorParameter>();
        foreach (var parameter in chosen.Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                problems.Add(new DeclarationProblem($"constructor parameter '{parameter.Name}' cannot be filled from dependency injection (ref, out or params)"));
                continue;
            }

            if (FileLocalPart(parameter.Type) is { } fileLocal)
            {
                problems.Add(new DeclarationProblem($"constructor parameter '{parameter.Name}' has the file-local type '{fileLocal.Name}'; {FileLocalAdvice}"));
                continue;
            }

            var typeName = parameter.Type.ToDisplayString(KeyFormat);
            var source = typeName == "global::System.IServiceProvider"
                ? ParameterSource.ServiceProvider
                : parameter.HasExplicitDefaultValue ? ParameterSource.Optional : ParameterSource.Required;
            parameters.Add(new ConstructorParameter(typeName, source));
        }

        return parameters.ToEquatableArray();
    }

    private static (string File, int Position) SourceOrder(AttributeData attribute)
    {
        var syntax = attribute.ApplicationSyntaxReference;
        return syntax is null ? (string.Empty, int.MaxValue) : (syntax.SyntaxTree.FilePath, syntax.Span.Start);
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static string? ConstructorString(AttributeData attribute, int index) =>
        attribute.ConstructorArguments.Length > index ? attribute.ConstructorArguments[index].Value as string : null;

    private static string? NamedString(AttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value as string;

    private static int? NamedInt(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is { } value)
            {
                return System.Convert.ToInt32(value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>A named double argument; NaN (the attribute's "unset") reads as null.</summary>
    private static double? NamedDouble(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is { } value)
            {
                var number = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return double.IsNaN(number) ? null : number;
            }
        }

        return null;
    }

    private static string[] NamedStrings(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Kind == TypedConstantKind.Array && !argument.Value.IsNull)
            {
                return argument.Value.Values.Select(v => v.Value as string ?? string.Empty).ToArray();
            }
        }

        return System.Array.Empty<string>();
    }

    private static double ToDouble(object? value) => value is null ? 0 : System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
