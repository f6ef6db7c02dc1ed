namespace Orchestration.Analyzers;

/// <summary>Keys of the properties diagnostics carry for code fixes.</summary>
public static class DiagnosticProperties
{
    /// <summary>The closest known name to an unknown one.</summary>
    public const string Suggestion = nameof(Suggestion);

    /// <summary>
    /// On ORCH0012, the workflow class's own member whose name the generator needs: renaming it is the fix, not making
    /// the class partial.
    /// </summary>
    public const string ReservedMember = nameof(ReservedMember);
}
