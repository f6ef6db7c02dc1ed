namespace Orchestration.Generators;

/// <summary>Names of the tracked pipeline steps; incremental-caching tests assert on them.</summary>
public static class GeneratorStepNames
{
    /// <summary>One model per <c>[AgentTemplate]</c> class.</summary>
    public const string Templates = nameof(Templates);

    /// <summary>One model per <c>[Strategy]</c> class.</summary>
    public const string Strategies = nameof(Strategies);

    /// <summary>One model per <c>[Workflow]</c> class.</summary>
    public const string Workflows = nameof(Workflows);

    /// <summary>The manifests of referenced assemblies.</summary>
    public const string References = nameof(References);

    /// <summary>Everything the compilation declares, collected.</summary>
    public const string Declarations = nameof(Declarations);

    /// <summary>The generated files, computed together from the declarations.</summary>
    public const string Generation = nameof(Generation);

    /// <summary>One entry per generated file; only changed files are re-added.</summary>
    public const string Files = nameof(Files);
}
