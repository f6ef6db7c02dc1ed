namespace Orchestration.Strategies;

/// <summary>
/// <c>nested_sequential</c>: <see cref="SequentialStrategy"/> for workflows whose steps include other workflows.
/// Nested steps are checked against the depth limit and for cycles before they run.
/// </summary>
public sealed class NestedSequentialStrategy : SequentialStrategy
{
}

/// <summary>
/// <c>nested</c>: runs exactly one referenced workflow as a nested workflow, with the depth limit and cycle check
/// enforced, and produces its output.
/// </summary>
public sealed class NestedStrategy : SequentialStrategy
{
}
