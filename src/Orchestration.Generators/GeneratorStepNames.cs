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

    /// <summary>One model per <c>[InputRequest]</c> class.</summary>
    public const string InputRequests = nameof(InputRequests);

    /// <summary>One model per class with <c>[JsonSerializable]</c> attributes (a source-generated JSON context).</summary>
    public const string JsonContexts = nameof(JsonContexts);

    /// <summary>The manifests of referenced assemblies.</summary>
    public const string References = nameof(References);

    /// <summary>Everything the compilation declares, collected.</summary>
    public const string Declarations = nameof(Declarations);

    /// <summary>The catalog's small files, the module model and the resolved workflows, computed from the declarations.</summary>
    public const string Generation = nameof(Generation);

    /// <summary>One entry per small catalog-wide file (manifest, entry point); only changed files are re-added.</summary>
    public const string Files = nameof(Files);

    /// <summary>The module's model; its text is emitted only when the model changed.</summary>
    public const string Module = nameof(Module);

    /// <summary>One entry per workflow file, emitted only when that workflow's resolved form changed.</summary>
    public const string WorkflowFiles = nameof(WorkflowFiles);
}
