using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Orchestration.Benchmarks.Floor;

/// <summary>
/// Looks up the attributes Orchestration's generator looks up and emits nothing: what binding those attributes costs
/// any generator keyed on them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FloorGenerator : IIncrementalGenerator
{
    private static readonly string[] Attributes =
    [
        "Orchestration.AgentTemplateAttribute",
        "Orchestration.StrategyAttribute",
        "Orchestration.WorkflowAttribute",
        "Orchestration.InputRequestAttribute",
        "System.Text.Json.Serialization.JsonSerializableAttribute",
    ];

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        foreach (var attribute in Attributes)
        {
            var found = context.SyntaxProvider.ForAttributeWithMetadataName(attribute, static (_, _) => true, static (c, _) => c.TargetSymbol.Name);
            context.RegisterSourceOutput(found.Collect(), static (_, _) => { });
        }
    }
}

/// <summary>Registers the kinds of actions Orchestration's analyzer registers and does nothing in them.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FloorAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("FLOOR0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            start.RegisterSymbolAction(static _ => { }, SymbolKind.NamedType);
            start.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
        });
    }
}
