using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Orchestration.Analyzers;

namespace Orchestration.CodeFixes;

/// <summary>Makes a workflow class, and every type containing it, <c>partial</c> so that the generator can add its runner.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix))]
[Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.WorkflowClassNotExtendable.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostics = context.Diagnostics.Where(d => !d.Properties.ContainsKey(DiagnosticProperties.ReservedMember)).ToImmutableArray();
        if (diagnostics.IsEmpty)
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var declaration = root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (root is null || declaration is null)
        {
            return;
        }

        var notPartial = declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
            .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword))
            .ToArray();
        if (notPartial.Length == 0)
        {
            // The class is partial already; the diagnostic is about something a modifier cannot fix (e.g. generics).
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                notPartial.Length == 1 ? $"Make '{notPartial[0].Identifier.ValueText}' partial" : $"Make '{declaration.Identifier.ValueText}' and its containing types partial",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNodes(notPartial, (_, rewritten) => AddPartial(rewritten)))),
                equivalenceKey: nameof(MakePartialCodeFix)),
            diagnostics);
    }

    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
    {
        // 'partial' goes last among the modifiers, just before the keyword: "public static partial class".
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (type.Modifiers.Count == 0)
        {
            var keyword = type.Keyword;
            return type.WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
                .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
        }

        return type.WithModifiers(type.Modifiers.Add(partial));
    }
}
