namespace Orchestration.Strategies;

/// <summary>
/// <c>tool_enhanced</c>: runs one agent with the tools its template lists (a chat agent offers them to its model). The
/// workflow takes and produces what the agent does.
/// </summary>
public sealed class ToolEnhancedStrategy : SequentialStrategy
{
}
