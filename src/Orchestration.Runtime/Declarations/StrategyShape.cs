namespace Orchestration;

/// <summary>How the steps of a workflow line up, which fixes the types a strategy accepts and produces.</summary>
public enum StrategyShape
{
    /// <summary>
    /// Each step's output feeds the next step's input. The workflow takes the first step's input and produces the
    /// last step's output.
    /// </summary>
    Chain = 0,

    /// <summary>
    /// Every step receives the workflow's input; the workflow produces every step's output, in declaration order
    /// (a tuple when there are several steps).
    /// </summary>
    FanOut = 1,
}
