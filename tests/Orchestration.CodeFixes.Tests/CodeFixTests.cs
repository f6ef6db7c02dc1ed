using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Orchestration.Analyzers;

namespace Orchestration.CodeFixes.Tests;

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
    [InlineData("ORCH0001", "[Workflow(\"w\", Strategy = \"sequencial\")]\n[Step(\"pricer\")]\npublic static partial class W;", "[Workflow(\"w\", Strategy = \"sequential\")]\n[Step(\"pricer\")]\npublic static partial class W;", "Use 'sequential'")]
    [InlineData("ORCH0004", "[Workflow(\"w\")]\n[Step(\"pricr\")]\npublic static partial class W;", "[Workflow(\"w\")]\n[Step(\"pricer\")]\npublic static partial class W;", "Use 'pricer'")]
    [InlineData("ORCH0002", "[Workflow(\"inner\")]\n[Step(\"pricer\")]\npublic static partial class Inner;\n[Workflow(\"w\", Strategy = \"nested_sequential\")]\n[Step(Workflow = \"iner\")]\npublic static partial class W;", "[Workflow(\"inner\")]\n[Step(\"pricer\")]\npublic static partial class Inner;\n[Workflow(\"w\", Strategy = \"nested_sequential\")]\n[Step(Workflow = \"inner\")]\npublic static partial class W;", "Use 'inner'")]
    [InlineData("ORCH0019", "[InputRequest(\"sign_off\")]\npublic sealed class SignOff : InputRequest<Order, bool>;\n[Workflow(\"w\")]\n[Step(Await = \"sign_of\")]\npublic static partial class W;", "[InputRequest(\"sign_off\")]\npublic sealed class SignOff : InputRequest<Order, bool>;\n[Workflow(\"w\")]\n[Step(Await = \"sign_off\")]\npublic static partial class W;", "Use 'sign_off'")]
    [InlineData("ORCH0014", "public static class L { public static object F(OrchestrationRegistry r) => r.Templates.Get(\"prcer\"); }", "public static class L { public static object F(OrchestrationRegistry r) => r.Templates.Get(\"pricer\"); }", "Use 'pricer'")]
    public async Task An_unknown_name_is_replaced_by_the_closest_declared_one(string id, string before, string after, string title)
    {
        var (text, actionTitle) = await Fix(Domain + before, new UseClosestNameCodeFix(), id);

        Assert.Equal(title, actionTitle);
        Assert.Equal(Domain + after, text);
        Assert.Empty(await Diagnose(text));
    }

    [Fact]
    public async Task No_fix_is_offered_when_no_name_is_close()
    {
        var actions = await Actions(Domain + "[Workflow(\"w\")]\n[Step(\"zzzzzz\")]\npublic static partial class W;", new UseClosestNameCodeFix(), "ORCH0004");

        Assert.Empty(actions);
    }

    [Fact]
    public async Task A_workflow_class_is_made_partial()
    {
        var (text, title) = await Fix(Domain + "[Workflow(\"w\")]\n[Step(\"pricer\")]\npublic static class W { }", new MakePartialCodeFix(), "ORCH0012");

        Assert.Equal("Make 'W' partial", title);
        Assert.EndsWith("public static partial class W { }", text);
        Assert.Empty(await Diagnose(text));
    }

    [Fact]
    public async Task A_workflow_and_its_containing_types_are_made_partial_keeping_their_layout()
    {
        var source = Domain + "class Outer\n{\n    [Workflow(\"w\")]\n    [Step(\"pricer\")]\n    public static class W { }\n}";

        var (text, title) = await Fix(source, new MakePartialCodeFix(), "ORCH0012", diagnosticIndex: 0);

        Assert.Equal("Make 'W' and its containing types partial", title);
        Assert.EndsWith("partial class Outer\n{\n    [Workflow(\"w\")]\n    [Step(\"pricer\")]\n    public static partial class W { }\n}", text);
        Assert.Empty(await Diagnose(text));
    }

    [Fact]
    public async Task No_partial_fix_is_offered_for_a_member_named_like_a_generated_one()
    {
        var actions = await Actions(Domain + "[Workflow(\"w\")]\n[Step(\"pricer\")]\npublic static partial class W\n{\n    public sealed class Runner { }\n}", new MakePartialCodeFix(), "ORCH0012");

        Assert.Empty(actions);
    }

    private static async Task<(string Text, string Title)> Fix(string source, CodeFixProvider fix, string id, int diagnosticIndex = 0)
    {
        var (document, diagnostic) = await DocumentWith(source, id, diagnosticIndex);
        var actions = await Register(document, diagnostic, fix);
        var action = Assert.Single(actions);
        var operation = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
        var text = await operation.ChangedSolution.GetDocument(document.Id)!.GetTextAsync();
        return (text.ToString(), action.Title);
    }

    private static async Task<IReadOnlyList<CodeAction>> Actions(string source, CodeFixProvider fix, string id)
    {
        var (document, diagnostic) = await DocumentWith(source, id, 0);
        return await Register(document, diagnostic, fix);
    }

    private static async Task<IReadOnlyList<CodeAction>> Register(Document document, Diagnostic diagnostic, CodeFixProvider fix)
    {
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    private static async Task<(Document Document, Diagnostic Diagnostic)> DocumentWith(string source, string id, int index)
    {
        var document = CreateDocument(source);
        var diagnostics = (await Diagnose(document)).Where(d => d.Id == id).ToArray();
        Assert.True(diagnostics.Length > index, $"expected {id}; got {string.Join(", ", diagnostics.Select(d => d.ToString()))}");
        return (document, diagnostics[index]);
    }

    private static Task<ImmutableArray<Diagnostic>> Diagnose(string source) => Diagnose(CreateDocument(source));

    private static async Task<ImmutableArray<Diagnostic>> Diagnose(Document document)
    {
        var compilation = await document.Project.GetCompilationAsync();
        return await compilation!.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DeclarationAnalyzer())).GetAnalyzerDiagnosticsAsync();
    }

    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(WorkflowRun).Assembly.Location)
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Test",
            "Test",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.CSharp12),
            metadataReferences: references));
        return workspace.AddDocument(project.Id, "Test.cs", SourceText.From(source));
    }
}
