using System;

namespace Orchestration;

/// <summary>
/// Project-wide defaults for declarations in this assembly, for example
/// <c>[assembly: OrchestrationDefaults(MaxDepth = 5)]</c>. A value set on a workflow wins over these; these win over the
/// MSBuild property <c>OrchestrationMaxDepth</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class OrchestrationDefaultsAttribute : Attribute
{
    /// <summary>The nesting limit of workflows that do not set <see cref="WorkflowAttribute.MaxDepth"/>. Defaults to 3.</summary>
    public int MaxDepth { get; set; } = WorkflowAttribute.DefaultMaxDepth;
}
