namespace Orchestration;

/// <summary>What a step runs.</summary>
public enum StepKind
{
    /// <summary>An agent template.</summary>
    Agent = 0,

    /// <summary>Another workflow, nested.</summary>
    Workflow = 1,
}
