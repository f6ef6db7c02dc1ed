namespace Orchestration.Analyzers;

/// <summary>Keys of the properties diagnostics carry for code fixes.</summary>
public static class DiagnosticProperties
{
    /// <summary>The closest known name to an unknown one.</summary>
    public const string Suggestion = nameof(Suggestion);
}
