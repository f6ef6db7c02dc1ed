namespace Orchestration;

/// <summary>What a step runs.</summary>
public enum StepKind
{
    /// <summary>An agent template.</summary>
    Agent = 0,

    /// <summary>Another workflow, nested.</summary>
    Workflow = 1,

    /// <summary>A wait for the response to an input request (<see cref="StepAttribute.Await"/>).</summary>
    Wait = 2,

    /// <summary>A delay until a time (<see cref="StepAttribute.DelaySeconds"/>, <see cref="StepAttribute.Until"/>).</summary>
    Timer = 3,
}
