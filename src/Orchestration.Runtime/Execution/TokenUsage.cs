namespace Orchestration;

/// <summary>Tokens a step (or a whole run) consumed.</summary>
/// <param name="InputTokens">Tokens sent to the model.</param>
/// <param name="OutputTokens">Tokens the model produced.</param>
public sealed record TokenUsage(long InputTokens, long OutputTokens)
{
    /// <summary>No tokens.</summary>
    public static TokenUsage None { get; } = new(0, 0);

    /// <summary>Input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>The sum of two usages.</summary>
    public static TokenUsage operator +(TokenUsage left, TokenUsage right) =>
        right is null || right.TotalTokens == 0 ? left ?? None
        : left is null || left.TotalTokens == 0 ? right
        : new(left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens);

    /// <summary>The sum of two usages.</summary>
    public static TokenUsage Add(TokenUsage left, TokenUsage right) => left + right;
}
