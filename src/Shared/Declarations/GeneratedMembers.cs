using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Orchestration.Declarations;

/// <summary>
/// The members the generator adds to a <c>[Workflow]</c> class (see <c>WorkflowEmitter</c>). A class that declares one
/// of them itself cannot get its runner: the two would clash (CS0102) in the generated file.
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>Names no member of the workflow class may have: a constant, a property and a nested class.</summary>
    public static readonly string[] Members = { "Id", "Diagram", "Definition", "Runner" };

    /// <summary>Generated methods: the class may overload them, but no field, property, event or type may take their name.</summary>
    public static readonly string[] Methods = { "RunAsync", "ResumeAsync", "RespondAsync", "ExecuteAsync" };

    /// <summary>How messages list them.</summary>
    public static string Description =>
        $"{string.Join(", ", Members)} and the methods {string.Join(", ", Methods.Take(Methods.Length - 1))} and {Methods[Methods.Length - 1]}";

    /// <summary>The members of <paramref name="type"/> the user declared that clash with generated ones, in the order listed above.</summary>
    public static EquatableArray<string> Clashes(INamedTypeSymbol type, CancellationToken cancellationToken) => Members
        .Where(name => type.GetMembers(name).Any(m => IsDeclaredByUser(m, cancellationToken)))
        .Concat(Methods.Where(name => type.GetMembers(name).Any(m => m is not IMethodSymbol && IsDeclaredByUser(m, cancellationToken))))
        .ToEquatableArray();

    /// <summary>The user's own methods named like generated ones: overloads, unless their parameters are the same.</summary>
    public static EquatableArray<OwnMethod> OwnMethods(INamedTypeSymbol type, CancellationToken cancellationToken) => Methods
        .SelectMany(name => type.GetMembers(name))
        .OfType<IMethodSymbol>()
        .Where(m => IsDeclaredByUser(m, cancellationToken))
        .Select(m => new OwnMethod(
            m.Name,
            Describe(m),
            m.Parameters.Select(p => (p.RefKind == RefKind.None ? string.Empty : "ref ") + DeclarationParser.ToTypeRef(p.Type).Key).ToEquatableArray()))
        .ToEquatableArray();

    /// <summary>How messages name a method: <c>RunAsync(Order, CancellationToken)</c>.</summary>
    public static string Describe(IMethodSymbol method) =>
        $"{method.Name}({string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)))})";

    /// <summary>
    /// The parameter lists (type keys) of the generated methods, for a workflow with this input and these response types:
    /// a method of the user's with the same name and parameters would clash (CS0111).
    /// </summary>
    public static IEnumerable<(string Name, string[] Parameters)> Signatures(TypeRef input, IEnumerable<TypeRef> responses)
    {
        const string Services = "global::System.IServiceProvider";
        const string Options = "global::Orchestration.WorkflowRunOptions";
        const string Token = "global::System.Threading.CancellationToken";
        yield return ("RunAsync", new[] { input.Key, Services, Options, Token });
        yield return ("RunAsync", new[] { input.Key, Token });
        yield return ("ResumeAsync", new[] { "string", Services, Options, Token });
        foreach (var response in responses)
        {
            yield return ("RespondAsync", new[] { "string", response.Key, Services, Options, Token });
        }

        yield return ("ExecuteAsync", new[] { input.Key, "global::Orchestration.WorkflowRun", Token });
    }

    /// <summary>Where the user declared the member: its first location outside the generator's own files.</summary>
    public static Location? UserLocation(ISymbol member, CancellationToken cancellationToken) =>
        member.Locations.FirstOrDefault(l => l.IsInSource && !IsGeneratorOutput(l.SourceTree!, cancellationToken));

    private static bool IsDeclaredByUser(ISymbol member, CancellationToken cancellationToken) => UserLocation(member, cancellationToken) is not null;

    /// <summary>
    /// Whether a tree is one of the generator's files: the analyzers see them next to the user's, and a valid workflow's
    /// generated <c>Id</c> must not count as the user's own.
    /// </summary>
    public static bool IsGeneratorOutput(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var text = tree.GetText(cancellationToken);
        return text.ToString(new TextSpan(0, System.Math.Min(text.Length, 200))).Contains(KnownNames.GeneratedFileMarker);
    }
}

/// <summary>A method the user declared on a workflow class with the name of a generated one; <see cref="Parameters"/> are type keys.</summary>
internal sealed record OwnMethod(string Name, string Display, EquatableArray<string> Parameters);
