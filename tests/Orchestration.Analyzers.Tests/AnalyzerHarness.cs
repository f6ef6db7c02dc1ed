using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
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

    /// <summary>What test sources compile against: the running framework's assemblies, the runtime and dependency injection.</summary>
    public static ImmutableArray<MetadataReference> AllReferences => References.Value;

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

    /// <summary>
    /// Runs generator then analyzers, as a build does, and returns the analyzers' diagnostics sorted by position, for
    /// tests about the diagnostics themselves rather than their positions: the parity test compares messages with the
    /// run-time registry's, and the message format tests read descriptors. <see cref="Verify"/> and
    /// <see cref="AssertSingle"/> (the testing library) check every rule's positions.
    /// </summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation)
    {
        CSharpGeneratorDriver.Create([new OrchestrationGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out _);
        var analyzers = new CompilationWithAnalyzers(
            withGenerated,
            ImmutableArray.Create<DiagnosticAnalyzer>(new DeclarationAnalyzer()),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        var diagnostics = analyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

        // An analyzer that throws is reported as AD0001 instead of its own diagnostics: never acceptable.
        var crashes = diagnostics.Where(d => d.Id == "AD0001").ToArray();
        Assert.True(crashes.Length == 0, string.Join("\n", crashes.Select(c => c.ToString())));
        return diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath).ThenBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>
    /// Analyzes source with markup on the analyzer testing library (<see cref="DeclarationAnalyzerTest"/>): exactly one
    /// diagnostic, an error with the id and message, at the marked span; its help link is the absolute address of its page.
    /// </summary>
    public static void AssertSingle(string markup, string id, string message, string? prefix = null, IEnumerable<MetadataReference>? extra = null)
    {
        var (source, span) = Parse(markup);
        var test = new DeclarationAnalyzerTest();
        if (prefix is not null)
        {
            test.TestState.Sources.Add(("Prefix.cs", prefix));
        }

        test.TestState.Sources.Add(("Test.cs", source));
        test.TestState.AdditionalReferences.AddRange(extra ?? []);
        test.ExpectedDiagnostics.Add(DeclarationAnalyzerTest.Error(id, message, "Test.cs", SourceText.From(source), span));
        test.RunAsync().GetAwaiter().GetResult();

        var descriptor = new DeclarationAnalyzer().SupportedDiagnostics.Single(d => d.Id == id);
        Assert.Equal($"https://github.com/orchestration-dotnet/orchestration/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);

    }

    /// <summary>
    /// A diagnostic's message format is the rule's own words, with placeholders only where the facts go: its literal
    /// text has words in it, it formats to the message, and it is reported under its rule's title and help link.
    /// </summary>
    public static void AssertRealFormat(Diagnostic diagnostic)
    {
        var format = diagnostic.Descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var words = System.Text.RegularExpressions.Regex.Matches(System.Text.RegularExpressions.Regex.Replace(format, @"\{\d+\}", " "), "[A-Za-z]{2,}").Count;
        Assert.True(words >= 3, $"{diagnostic.Id}'s format is hardly more than placeholders: {format}");
        var rule = new DeclarationAnalyzer().SupportedDiagnostics.Single(d => d.Id == diagnostic.Id);
        Assert.Equal((rule.Title, rule.HelpLinkUri), (diagnostic.Descriptor.Title, diagnostic.Descriptor.HelpLinkUri));
    }

    /// <summary>Analyzes the files on the analyzer testing library: no diagnostic at all.</summary>
    public static void AssertNone(IEnumerable<(string Source, string Path)> files, IEnumerable<MetadataReference>? extra = null)
    {
        var test = new DeclarationAnalyzerTest();
        foreach (var (source, path) in files)
        {
            test.TestState.Sources.Add((path, source));
        }

        test.TestState.AdditionalReferences.AddRange(extra ?? []);
        test.RunAsync().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Analyzes the files on the analyzer testing library and requires exactly the <paramref name="expected"/>
    /// diagnostics (built with <see cref="At"/> for the locations the files mark <c>{|#n:…|}</c>). Build properties
    /// reach the generator and the analyzer through a global config file, as MSBuild passes them; with
    /// <paramref name="compilerErrors"/> the compiler's errors are compared too.
    /// </summary>
    public static void Verify(
        IEnumerable<(string Path, string Markup)> files,
        IEnumerable<DiagnosticResult> expected,
        IReadOnlyDictionary<string, string>? buildProperties = null,
        IEnumerable<MetadataReference>? extra = null,
        bool compilerErrors = false)
    {
        var test = new DeclarationAnalyzerTest();
        foreach (var (path, markup) in files)
        {
            test.TestState.Sources.Add((path, markup));
        }

        if (buildProperties is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + string.Concat(buildProperties.Select(p => $"build_property.{p.Key} = {p.Value}\n"))));
        }

        if (compilerErrors)
        {
            test.CompilerDiagnostics = CompilerDiagnostics.Errors;
        }

        test.TestState.AdditionalReferences.AddRange(extra ?? []);
        test.ExpectedDiagnostics.AddRange(expected);
        test.RunAsync().GetAwaiter().GetResult();
    }

    /// <summary>The expected diagnostic: <paramref name="id"/> as an error (or <paramref name="severity"/>) with <paramref name="message"/>, at the location a file marks <c>{|#n:…|}</c>.</summary>
    public static DiagnosticResult At(int location, string id, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new DiagnosticResult(id, severity).WithLocation(location).WithMessage(message);

    private static (string Source, TextSpan Span) Parse(string markup)
    {
        var start = markup.IndexOf("[|", StringComparison.Ordinal);
        var end = markup.IndexOf("|]", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "markup needs [| and |]");
        var source = markup.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }
}
