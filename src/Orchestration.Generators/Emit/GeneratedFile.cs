namespace Orchestration.Generators.Emit;

/// <summary>One generated file; compared by value so unchanged files are not re-added.</summary>
internal sealed record GeneratedFile(string HintName, string Text);
