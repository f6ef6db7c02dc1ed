using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Orchestration.Analyzers;

/// <summary>Finds where in source an attribute, or one of its arguments, is written.</summary>
internal static class AttributeLocations
{
    /// <summary>The first constructor (positional) argument of the attribute, or the attribute itself.</summary>
    public static Location ConstructorArgument(AttributeData attribute, CancellationToken cancellationToken)
    {
        var syntax = Syntax(attribute, cancellationToken);
        if (syntax?.ArgumentList is { } arguments)
        {
            foreach (var argument in arguments.Arguments)
            {
                if (argument.NameEquals is null)
                {
                    return argument.Expression.GetLocation();
                }
            }
        }

        return syntax?.GetLocation() ?? Location.None;
    }

    /// <summary>The named argument <paramref name="name"/> (<c>Name = value</c>), or the attribute itself.</summary>
    public static Location NamedArgument(AttributeData attribute, string name, CancellationToken cancellationToken)
    {
        var syntax = Syntax(attribute, cancellationToken);
        if (syntax?.ArgumentList is { } arguments)
        {
            foreach (var argument in arguments.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return argument.Expression.GetLocation();
                }
            }
        }

        return syntax?.GetLocation() ?? Location.None;
    }

    /// <summary>The attribute as written, or nowhere when it has no source.</summary>
    public static Location Attribute(AttributeData attribute, CancellationToken cancellationToken) =>
        Syntax(attribute, cancellationToken)?.GetLocation() ?? Location.None;

    private static AttributeSyntax? Syntax(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
}
