using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Orchestration.Analyzers;

namespace Orchestration.CodeFixes.Tests;

/// <summary>
/// The code fixes on the Roslyn code-fix testing library: diagnostics marked in the source (<c>{|ORCHnnnn:…|}</c>), the
/// fixed source, the action's title, and the same fix applied to every occurrence at once (Fix All, document,
/// project and solution scopes, which the library runs too). A source left as it was means no fix is offered.
/// </summary>
public sealed class CodeFixTests
{
    private const string Domain = """
        using System.Threading;
        using System.Threading.Tasks;
        using Orchestration;

        namespace Shop;

        public sealed record Order(int Items);
        public sealed record Priced(decimal Total);

        [AgentTemplate("pricer")]
        public sealed class Pricer : IAgent<Order, Priced>
        {
            public ValueTask<Priced> RunAsync(Order input, AgentContext context, CancellationToken cancellationToken) => default;
        }

        """;

    [Theory]
    [InlineData("[Workflow(\"w\", Strategy = {|ORCH0001:\"sequencial\"|})]\n[Step(\"pricer\")]\npublic static partial class W;", "[Workflow(\"w\", Strategy = \"sequential\")]\n[Step(\"pricer\")]\npublic static partial class W;", "Use 'sequential'")]
    [InlineData("[Workflow(\"w\")]\n[Step({|ORCH0004:\"pricr\"|})]\npublic static partial class W;", "[Workflow(\"w\")]\n[Step(\"pricer\")]\npublic static partial class W;", "Use 'pricer'")]
    [InlineData("[Workflow(\"inner\")]\n[Step(\"pricer\")]\npublic static partial class Inner;\n[Workflow(\"w\", Strategy = \"nested_sequential\")]\n[Step(Workflow = {|ORCH0002:\"iner\"|})]\npublic static partial class W;", "[Workflow(\"inner\")]\n[Step(\"pricer\")]\npublic static partial class Inner;\n[Workflow(\"w\", Strategy = \"nested_sequential\")]\n[Step(Workflow = \"inner\")]\npublic static partial class W;", "Use 'inner'")]
    [InlineData("[InputRequest(\"sign_off\")]\npublic sealed class SignOff : InputRequest<Order, bool>;\n[Workflow(\"w\")]\n[Step(Await = {|ORCH0019:\"sign_of\"|})]\npublic static partial class W;", "[InputRequest(\"sign_off\")]\npublic sealed class SignOff : InputRequest<Order, bool>;\n[Workflow(\"w\")]\n[Step(Await = \"sign_off\")]\npublic static partial class W;", "Use 'sign_off'")]
    [InlineData("public static class L { public static object F(OrchestrationRegistry r) => r.Templates.Get({|ORCH0014:\"prcer\"|}); }", "public static class L { public static object F(OrchestrationRegistry r) => r.Templates.Get(\"pricer\"); }", "Use 'pricer'")]
    public Task An_unknown_name_is_replaced_by_the_closest_declared_one(string before, string after, string title) =>
        Verify<UseClosestNameCodeFix>(Domain + before, Domain + after, title);

    [Fact]
    public Task Fix_all_replaces_every_unknown_name_in_one_go() => Verify<UseClosestNameCodeFix>(
        Domain + "[Workflow(\"w\")]\n[Step({|ORCH0004:\"pricr\"|})]\npublic static partial class W;\n" +
        "[Workflow(\"v\", Strategy = {|ORCH0001:\"sequencial\"|})]\n[Step({|ORCH0004:\"prcer\"|})]\npublic static partial class V;",
        Domain + "[Workflow(\"w\")]\n[Step(\"pricer\")]\npublic static partial class W;\n" +
        "[Workflow(\"v\", Strategy = \"sequential\")]\n[Step(\"pricer\")]\npublic static partial class V;",
        title: null);

    [Fact]
    public Task No_fix_is_offered_when_no_name_is_close()
    {
        var source = Domain + "[Workflow(\"w\")]\n[Step({|ORCH0004:\"zzzzzz\"|})]\npublic static partial class W;";
        return Verify<UseClosestNameCodeFix>(source, source, title: null);
    }

    [Fact]
    public Task A_workflow_class_is_made_partial() => Verify<MakePartialCodeFix>(
        Domain + "[Workflow(\"w\")]\n[Step(\"pricer\")]\npublic static class {|ORCH0012:W|} { }",
        Domain + "[Workflow(\"w\")]\n[Step(\"pricer\")]\npublic static partial class W { }",
        "Make 'W' partial");

    [Fact]
    public Task A_workflow_and_its_containing_types_are_made_partial_keeping_their_layout() => Verify<MakePartialCodeFix>(
        Domain + "class Outer\n{\n    [Workflow(\"w\")]\n    [Step(\"pricer\")]\n    public static class {|ORCH0012:{|ORCH0012:W|}|} { }\n}",
        Domain + "partial class Outer\n{\n    [Workflow(\"w\")]\n    [Step(\"pricer\")]\n    public static partial class W { }\n}",
        "Make 'W' and its containing types partial");

    [Fact]
    public Task No_partial_fix_is_offered_for_a_member_named_like_a_generated_one()
    {
        var source = Domain + "[Workflow(\"w\")]\n[Step(\"pricer\")]\npublic static partial class W\n{\n    public sealed class {|ORCH0012:Runner|} { }\n}";
        return Verify<MakePartialCodeFix>(source, source, title: null);
    }

    /// <summary>
    /// Diagnoses <paramref name="source"/> (its marked diagnostics, no others), applies the fix (one occurrence, then all
    /// of them) and expects <paramref name="fixedSource"/> with no diagnostic left; when <paramref name="title"/> is
    /// given, the action must have that title.
    /// </summary>
    private static Task Verify<TFix>(string source, string fixedSource, string? title)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<DeclarationAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.AdditionalReferences.AddRange(References);
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            return solution
                .WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.CSharp12))
                .WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable));
        });
        if (title is not null)
        {
            test.CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title);
        }

        return test.RunAsync();
    }

    private static readonly MetadataReference[] References = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Append(typeof(WorkflowRun).Assembly.Location)
        .Distinct()
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToArray();
}
