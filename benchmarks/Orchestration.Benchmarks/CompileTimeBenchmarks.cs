using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Orchestration.Analyzers;
using Orchestration.Generators;

namespace Orchestration.Benchmarks;

/// <summary>
/// What the generator and the analyzers cost a build and an editor, on synthetic projects of 10, 100 and 1,000 workflows
/// (and as many templates). Generator cases drive a reused <see cref="GeneratorDriver"/> as the IDE and the compiler
/// server do; analyzer cases compare a compilation analyzed with our analyzer against the same compilation analyzed
/// with an analyzer that does nothing, so the difference is our analyzer's cost.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("CompileTime")]
public class CompileTimeBenchmarks
{
    private Compilation _compilation = null!;
    private Compilation _withGenerated = null!;
    private Compilation _unrelatedEdit = null!;
    private Compilation _workflowEdit = null!;
    private GeneratorDriver _warmDriver = null!;
    private GeneratorDriver _floorDriver = null!;
    private GeneratorDriver _floorWithFilesDriver = null!;
    private int _flip;

    [Params(10, 100, 1000)]
    public int Workflows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compilation = SyntheticProject.Create(Workflows);
        _unrelatedEdit = SyntheticProject.EditUnrelated(_compilation, 1);
        _workflowEdit = SyntheticProject.EditWorkflow(_compilation, 1);
        _warmDriver = NewDriver().RunGenerators(_compilation);
        _floorDriver = CSharpGeneratorDriver.Create(new[] { new FloorGenerator(emitFiles: false).AsSourceGenerator() }, parseOptions: SyntheticProject.ParseOptions)
            .RunGenerators(_compilation);
        _floorWithFilesDriver = CSharpGeneratorDriver.Create(new[] { new FloorGenerator(emitFiles: true).AsSourceGenerator() }, parseOptions: SyntheticProject.ParseOptions)
            .RunGenerators(_compilation);
        NewDriver().RunGeneratorsAndUpdateCompilation(_compilation, out _withGenerated, out _);
        var generated = _warmDriver.GetRunResult();
        if (generated.Diagnostics.Length > 0 || generated.GeneratedTrees.Length != Workflows + 3)
        {
            throw new System.InvalidOperationException($"The synthetic project does not generate cleanly: {generated.GeneratedTrees.Length} files, {string.Join("; ", generated.Diagnostics)}");
        }
    }

    /// <summary>
    /// The floor: a generator that looks up three of the five attributes ours looks up (template, strategy, workflow)
    /// and does nothing with them, on a reused driver after an unrelated edit. What Roslyn's incremental machinery costs
    /// any generator of this shape.
    /// </summary>
    [Benchmark]
    public GeneratorDriver FloorGeneratorAfterUnrelatedEdit() =>
        _floorDriver = _floorDriver.RunGenerators((_flip ^= 1) == 0 ? _compilation : _unrelatedEdit);

    /// <summary>
    /// The floor with files: the same do-nothing generator, but emitting one small file per workflow (as ours does).
    /// Shows what carrying that many cached generated files through a run costs in Roslyn itself.
    /// </summary>
    [Benchmark]
    public GeneratorDriver FloorGeneratorWithFilesAfterUnrelatedEdit() =>
        _floorWithFilesDriver = _floorWithFilesDriver.RunGenerators((_flip ^= 1) == 0 ? _compilation : _unrelatedEdit);

    /// <summary>First run of a new driver: every declaration parsed, every file emitted.</summary>
    [Benchmark]
    public GeneratorDriver GeneratorCold() => NewDriver().RunGenerators(_compilation);

    /// <summary>
    /// First run of a new driver on a new compilation of the same trees (no symbol bound yet), as in a command-line
    /// build: what the compiler charges the generator, including the binding its transforms ask for.
    /// </summary>
    [Benchmark]
    public GeneratorDriver GeneratorColdCompilation() => NewDriver().RunGenerators(_compilation.Clone());

    /// <summary>The floor generator on a new compilation: the binding any generator of this shape asks for.</summary>
    [Benchmark]
    public GeneratorDriver FloorGeneratorColdCompilation() =>
        CSharpGeneratorDriver.Create(new[] { new FloorGenerator(emitFiles: true).AsSourceGenerator() }, parseOptions: SyntheticProject.ParseOptions)
            .RunGenerators(_compilation.Clone());

    /// <summary>A reused driver after an edit that touches no declaration: everything should come from the cache.</summary>
    [Benchmark]
    public GeneratorDriver GeneratorAfterUnrelatedEdit() =>
        _warmDriver = _warmDriver.RunGenerators((_flip ^= 1) == 0 ? _compilation : _unrelatedEdit);

    /// <summary>A reused driver after editing one workflow's description: one file re-emitted.</summary>
    [Benchmark]
    public GeneratorDriver GeneratorAfterWorkflowEdit() =>
        _warmDriver = _warmDriver.RunGenerators((_flip ^= 1) == 0 ? _compilation : _workflowEdit);

    /// <summary>
    /// The compilation analyzed by an analyzer that registers the same kinds of actions as ours (named types, invocations)
    /// and does nothing in them: the binding every such analyzer pays. The next case minus this one is our analyzer's cost.
    /// </summary>
    [Benchmark(Baseline = true)]
    public ImmutableArray<Diagnostic> AnalyzersBaseline() => Analyze(new EmptyActionsAnalyzer());

    /// <summary>The compilation analyzed with <see cref="DeclarationAnalyzer"/>.</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> DeclarationAnalyzer() => Analyze(new DeclarationAnalyzer());

    /// <summary>
    /// As in a real build, where analyzers see the compilation with the generated files: the baseline analyzer on it.
    /// </summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> AnalyzersBaselineWithGeneratedCode() => Analyze(new EmptyActionsAnalyzer(), _withGenerated);

    /// <summary>As in a real build: <see cref="DeclarationAnalyzer"/> on the compilation with the generated files.</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> DeclarationAnalyzerWithGeneratedCode() => Analyze(new DeclarationAnalyzer(), _withGenerated);

    private ImmutableArray<Diagnostic> Analyze(DiagnosticAnalyzer analyzer, Compilation? compilation = null) =>
        new CompilationWithAnalyzers(compilation ?? _compilation, ImmutableArray.Create(analyzer), new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    private static GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
        new[] { new OrchestrationGenerator().AsSourceGenerator() },
        parseOptions: SyntheticProject.ParseOptions);

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class EmptyActionsAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = new("BENCH0001", "never", "never", "benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(_ => { }, SymbolKind.NamedType);
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
        }
    }

    private sealed class FloorGenerator(bool emitFiles) : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            foreach (var attribute in new[] { "Orchestration.AgentTemplateAttribute", "Orchestration.StrategyAttribute", "Orchestration.WorkflowAttribute" })
            {
                var found = context.SyntaxProvider.ForAttributeWithMetadataName(attribute, static (_, _) => true, static (c, _) => c.TargetSymbol.Name);
                if (emitFiles && attribute == "Orchestration.WorkflowAttribute")
                {
                    context.RegisterSourceOutput(found, static (spc, name) => spc.AddSource(name + ".g.cs", "// " + name));
                }
                else
                {
                    context.RegisterSourceOutput(found.Collect(), static (_, _) => { });
                }
            }
        }
    }
}
