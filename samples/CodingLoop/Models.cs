namespace CodingLoop;

/// <summary>What to build: a feature request, as a person writes it.</summary>
public sealed record Feature(string Name, string Request);

/// <summary>The designer's answer: what the function does, and the cases that show it.</summary>
public sealed record Design(string Summary, IReadOnlyList<string> Cases);

/// <summary>The planner's answer: the file to write and the steps to get there.</summary>
public sealed record Plan(string File, IReadOnlyList<string> Steps, IReadOnlyList<string> Cases);

/// <summary>An implementation: one file's content.</summary>
public sealed record Patch(string File, string Code);
