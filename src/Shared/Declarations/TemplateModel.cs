namespace Orchestration.Declarations;

/// <summary>
/// An <c>[AgentTemplate]</c> class. <see cref="JsonTypes"/>: the types the agent serializes with JSON (a chat agent's input
/// and output, strings excepted) when it relies on the metadata its template carries (it does not override
/// <c>SerializerOptions</c>); empty otherwise.
/// </summary>
internal sealed record TemplateModel(
    string Id,
    string Role,
    int Tier,
    EquatableArray<string> Capabilities,
    EquatableArray<string> Tools,
    string? DefaultInstructions,
    EquatableArray<QualityGateModel> QualityGates,
    int MinTokens,
    int MaxTokens,
    int TimeoutSeconds,
    int MemoryMb,
    int MaxAttempts,
    int RetryBackoffMs,
    string AgentTypeName,
    bool AgentIsPublic,
    TypeRef? Input,
    TypeRef? Output,
    EquatableArray<ConstructorParameter> Constructor,
    EquatableArray<DeclarationProblem> Problems,
    bool AgentIsStateless = false,
    EquatableArray<TypeRef> JsonTypes = default)
{
    /// <summary>Whether the generator can emit code for the template (it implements exactly one agent interface, can be constructed, ...).</summary>
    public bool CanEmit => Problems.Count == 0 && Input is not null && Output is not null;

    /// <summary>Whether code in other assemblies can use the generated template instance.</summary>
    public bool IsPublic => AgentIsPublic && Input is { IsPublic: true } && Output is { IsPublic: true };
}

/// <summary>A named threshold from <c>[QualityGate]</c>.</summary>
internal sealed record QualityGateModel(string Name, double Threshold);

/// <summary>How a constructor parameter is filled from dependency injection.</summary>
internal enum ParameterSource
{
    /// <summary><c>GetRequiredService</c>.</summary>
    Required,

    /// <summary><c>GetService</c>: the parameter has a default value.</summary>
    Optional,

    /// <summary>The <c>IServiceProvider</c> itself.</summary>
    ServiceProvider,
}

/// <summary>One parameter of the constructor the generated factory calls.</summary>
internal sealed record ConstructorParameter(string TypeName, ParameterSource Source);
