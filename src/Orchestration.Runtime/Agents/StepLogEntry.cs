namespace Orchestration;

/// <summary>
/// One entry of a step's log: what an agent sent and received (for chat agents, the composed prompt and the raw reply of
/// every model call), kept with the step in its run record's step file.
/// </summary>
/// <param name="Attempt">The step attempt (1-based) that wrote it.</param>
/// <param name="Kind">What it is, for example <c>prompt</c> or <c>reply</c>.</param>
/// <param name="Text">The text.</param>
public sealed record StepLogEntry(int Attempt, string Kind, string Text);
