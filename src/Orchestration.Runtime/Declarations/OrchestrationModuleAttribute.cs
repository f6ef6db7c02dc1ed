using System;
using System.ComponentModel;

namespace Orchestration;

/// <summary>
/// Written by the source generator on every assembly that declares templates, strategies or workflows. It points to
/// the generated module type and carries a compact manifest, so that projects referencing the assembly can resolve
/// and check its ids at build time without scanning its types.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OrchestrationModuleAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="moduleType">The generated module type, with a static <c>Register(OrchestrationBuilder)</c> method.</param>
    /// <param name="manifest">The generator's manifest of the assembly's declarations.</param>
    public OrchestrationModuleAttribute(Type moduleType, string manifest)
    {
        ModuleType = moduleType;
        Manifest = manifest;
    }

    /// <summary>The generated module type.</summary>
    public Type ModuleType { get; }

    /// <summary>The manifest text. Its format belongs to the generator and may change between versions.</summary>
    public string Manifest { get; }
}
