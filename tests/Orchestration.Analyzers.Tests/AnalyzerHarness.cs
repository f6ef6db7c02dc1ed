using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Orchestration.Generators;

namespace Orchestration.Analyzers.Tests;

/// <summary>
/// Compiles sources, runs the generator (as a build does), then the analyzers. Sources may mark the expected
/// location of a diagnostic with <c>[|…|]</c>.
/// </summary>
internal static class AnalyzerHarness
{
    public const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Orchestration;\n";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([typeof(WorkflowRun).Assembly.Location, typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location, typeof(Microsoft.Extensions.DependencyInjection.ServiceCollection).Assembly.Location])
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    public static CSharpCompilation Compile(IEnumerable<(string Source, string Path)> files, string assemblyName = "TestApp", IEnumerable<MetadataReference>? extra = null) =>
        CSharpCompilation.Create(
            assemblyName,
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, ParseOptions, f.Path)),
            References.Value.AddRange(extra ?? []),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Runs generator then analyzers; returns the analyzers' diagnostics, sorted by position.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, TestOptions? options = null)
    {
        options ??= TestOptions.Empty;
        CSharpGeneratorDriver.Create([new OrchestrationGenerator().AsSourceGenerator()], parseOptions: ParseOptions, optionsProvider: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out _);
        var analyzers = new CompilationWithAnalyzers(
            withGenerated,
            ImmutableArray.Create<DiagnosticAnalyzer>(new DeclarationAnalyzer()),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions([], options), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        var diagnostics = analyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

        // An analyzer that throws is reported as AD0001 instead of its own diagnostics: never acceptable.
        var crashes = diagnostics.Where(d => d.Id == "AD0001").ToArray();
        Assert.True(crashes.Length == 0, string.Join("\n", crashes.Select(c => c.ToString())));
        return diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath).ThenBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>Analyzes source with markup; asserts exactly one diagnostic with the id and message, at the marked span.</summary>
    public static void AssertSingle(string markup, string id, string message, string? prefix = null, IEnumerable<MetadataReference>? extra = null)
    {
        var (source, span) = Parse(markup);
        var files = new List<(string, string)>();
        if (prefix is not null)
        {
            files.Add((prefix, "Prefix.cs"));
        }

        files.Add((source, "Test.cs"));
        var diagnostics = Analyze(Compile(files, extra: extra));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(message, diagnostic.GetMessage());
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Test.cs", diagnostic.Location.SourceTree!.FilePath);
        Assert.Equal(source.Substring(span.Start, span.Length), source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal($"https://github.com/orchestration-dotnet/orchestration/blob/main/docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
    }

    public static void AssertNone(IEnumerable<(string Source, string Path)> files, IEnumerable<MetadataReference>? extra = null)
    {
        var diagnostics = Analyze(Compile(files, extra: extra));
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics.Select(d => d.ToString())));
    }

    private static (string Source, TextSpan Span) Parse(string markup)
    {
        var start = markup.IndexOf("[|", StringComparison.Ordinal);
        var end = markup.IndexOf("|]", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "markup needs [| and |]");
        var source = markup.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }
}
