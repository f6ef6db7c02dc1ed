using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Orchestration.Generators;

namespace Orchestration.Analyzers.Tests;

/// <summary>
/// A test of <see cref="DeclarationAnalyzer"/> on the Roslyn analyzer testing library (the design card's framework):
/// the sources are compiled with the generator run first, as a build does, against the running framework's assemblies
/// and the runtime (nothing is downloaded), and the analyzer's diagnostics must be exactly the expected ones (id,
/// severity, span, message). Compiler diagnostics are not compared: tests of broken declarations keep theirs.
/// </summary>
internal sealed class DeclarationAnalyzerTest : CSharpAnalyzerTest<DeclarationAnalyzer, DefaultVerifier>
{
    public DeclarationAnalyzerTest()
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(AnalyzerHarness.AllReferences);
        CompilerDiagnostics = CompilerDiagnostics.None;

        // The generated text has tests of its own (the generator's golden files); here it only has to be there.
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(OrchestrationGenerator)];

    /// <summary>
    /// Every diagnostic the analyzer reports is also checked for its message format (<see cref="AnalyzerHarness.AssertRealFormat"/>):
    /// the library compares the text, this the format it was made from.
    /// </summary>
    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics)
    {
        foreach (var (_, diagnostic) in diagnostics)
        {
            if (diagnostic.Id.StartsWith("ORCH", StringComparison.Ordinal))
            {
                AnalyzerHarness.AssertRealFormat(diagnostic);
            }
        }

        return base.FilterDiagnostics(diagnostics);
    }

    protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.CSharp12);

    protected override CompilationOptions CreateCompilationOptions() =>
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>The expected diagnostic: <paramref name="id"/> as an error with <paramref name="message"/>, over <paramref name="span"/> of <paramref name="file"/>.</summary>
    public static DiagnosticResult Error(string id, string message, string file, SourceText text, TextSpan span)
    {
        var lines = text.Lines.GetLinePositionSpan(span);
        return new DiagnosticResult(id, DiagnosticSeverity.Error)
            .WithSpan(file, lines.Start.Line + 1, lines.Start.Character + 1, lines.End.Line + 1, lines.End.Character + 1)
            .WithMessage(message);
    }
}
