using System;
using System.Linq;

namespace Orchestration.Commands.Terminal;

/// <summary>Type names as C# writes them (<c>Orchestration.Answered&lt;Sample.Draft, Sample.Decision&gt;</c>), not as reflection does.</summary>
internal static class TypeNames
{
    /// <summary>The type's name, or <c>(not declared)</c> for a workflow registered at run time without types.</summary>
    public static string Display(Type? type)
    {
        if (type is null)
        {
            return "(not declared)";
        }

        if (type.IsArray)
        {
            return Display(type.GetElementType()) + "[]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Display(underlying) + "?";
        }

        var name = (type.FullName ?? type.Name).Replace('+', '.');
        if (!type.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return name[..tick] + "<" + string.Join(", ", type.GetGenericArguments().Select(Display)) + ">";
    }
}
