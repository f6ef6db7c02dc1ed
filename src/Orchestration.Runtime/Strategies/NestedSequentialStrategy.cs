namespace Orchestration;

/// <summary>
/// <c>nested_sequential</c>: <see cref="SequentialStrategy"/> for workflows whose steps include other workflows.
/// Nested steps are checked against the depth limit and for cycles before they run.
/// </summary>
public sealed class NestedSequentialStrategy : SequentialStrategy
{
}
