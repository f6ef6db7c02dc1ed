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
