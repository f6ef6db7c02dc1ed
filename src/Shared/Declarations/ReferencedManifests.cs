using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Orchestration.Declarations;

/// <summary>Reads the manifests that referenced assemblies carry in <c>[assembly: OrchestrationModule(...)]</c>.</summary>
internal static class ReferencedManifests
{
    public static EquatableArray<ModuleManifest> Read(Compilation compilation, CancellationToken cancellationToken)
    {
        var manifests = new List<ModuleManifest>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Only assemblies compiled against the runtime can carry a manifest; skipping the rest avoids decoding the
            // attributes of every framework assembly on every edit.
            if (!assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == "Orchestration.Runtime")))
            {
                continue;
            }

            foreach (var attribute in assembly.GetAttributes())
            {
                if (SymbolNames.Is(attribute.AttributeClass, KnownNames.ModuleAttribute) &&
                    attribute.ConstructorArguments.Length == 2 &&
                    ManifestFormat.Read(attribute.ConstructorArguments[1].Value as string) is { } manifest)
                {
                    manifests.Add(manifest);
                }
            }
        }

        return manifests.OrderBy(m => m.AssemblyName, StringComparer.Ordinal).ToEquatableArray();
    }
}
