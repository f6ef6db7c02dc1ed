using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Orchestration.Generators.Tests;

/// <summary>Builds compilations, runs the generator over them, and loads what they produce.</summary>
internal static class GeneratorHarness
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    /// <summary>What test sources compile against: the running framework's assemblies, the runtime and its dependencies.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var ours = new[]
        {
            typeof(WorkflowRun).Assembly.Location,
            typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location,
            typeof(Microsoft.Extensions.DependencyInjection.ServiceCollection).Assembly.Location,
            typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location,
        };
        return platform.Concat(ours).Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    /// <summary>
    /// Generated text with line breaks and indentation collapsed to single spaces (and none after an opening
    /// parenthesis), so that a test can look for a signature whether or not its parameters were wrapped.
    /// </summary>
    public static string Flat(string code) =>
        System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(code, @"\(\s+", "("), @"\s+", " ");

    public const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Microsoft.Extensions.DependencyInjection;\nusing Orchestration;\n";

    public static CSharpCompilation Compile(string source, string assemblyName = "TestApp", IEnumerable<MetadataReference>? extra = null) =>
        Compile(new[] { (source, "Declarations.cs") }, assemblyName, extra);

    public static CSharpCompilation Compile(IEnumerable<(string Source, string Path)> files, string assemblyName = "TestApp", IEnumerable<MetadataReference>? extra = null) =>
        CSharpCompilation.Create(
            assemblyName,
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, ParseOptions, f.Path)),
            References.AddRange(extra ?? Enumerable.Empty<MetadataReference>()),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new OrchestrationGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator and returns the compilation with its output and the generator's diagnostics.</summary>
    public static GeneratorOutcome Run(Compilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorOutcome(output, diagnostics, driver.GetRunResult());
    }

    /// <summary>Runs the generator and asserts that neither it nor the resulting compilation reports anything above Info.</summary>
    public static GeneratorOutcome RunClean(string source, string assemblyName = "TestApp", IEnumerable<MetadataReference>? extra = null)
    {
        var outcome = Run(Compile(source, assemblyName, extra));
        var problems = outcome.GeneratorDiagnostics
            .Concat(outcome.Compilation.GetDiagnostics())
            .Where(d => d.Severity > DiagnosticSeverity.Info)
            .ToArray();
        Assert.True(problems.Length == 0, "Unexpected diagnostics:\n" + string.Join("\n", problems.Select(d => d.ToString())) + "\n\n" + outcome.AllGeneratedText());
        return outcome;
    }

    public static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;

        // A context of its own per load: several tests compile an assembly called TestApp. Its dependencies (the
        // runtime) resolve from the default context, so the test and the generated code share the runtime's types.
        return new AssemblyLoadContext(compilation.AssemblyName + "-" + Guid.NewGuid().ToString("N")).LoadFromStream(stream);
    }

    /// <summary>Compiles <paramref name="source"/>, calls <c>Probe(root)</c> on <paramref name="type"/> with a fresh run-store root, and removes the root.</summary>
    public static Task<string> ProbeWithStore(string source, string type) =>
        ProbeWithStore(Load(RunClean(source).Compilation), type, "Probe");

    /// <summary>Calls the static <paramref name="method"/>(root) of <paramref name="type"/> with a fresh run-store root, and removes the root.</summary>
    public static async Task<string> ProbeWithStore(Assembly assembly, string type, string method)
    {
        var root = Path.Combine(Path.GetTempPath(), "orchestration-gen-" + Guid.NewGuid().ToString("N"));
        try
        {
            return await (Task<string>)assembly.GetType(type)!.GetMethod(method)!.Invoke(null, new object[] { root })!;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    public static MetadataReference AsReference(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}

internal sealed record GeneratorOutcome(Compilation Compilation, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult RunResult)
{
    public string Generated(string hintName) =>
        RunResult.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    public IReadOnlyList<string> HintNames => RunResult.Results.Single().GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal).ToArray();

    /// <summary>Whether a file of that name holds a workflow's runner (not just the stub of a workflow with errors).</summary>
    public bool HasRunner(string hintName) => HintNames.Contains(hintName) && Generated(hintName).Contains(" Definition ");

    public string AllGeneratedText() => string.Join("\n\n", RunResult.Results.Single().GeneratedSources.Select(s => $"// ---- {s.HintName}\n{s.SourceText}"));
}
