namespace Orchestration.Declarations;

/// <summary>
/// The diagnostic id each kind of workflow problem is reported under: the analyzer picks its rule by it, and the
/// generated stub of a workflow with errors names it as the diagnostic to fix.
/// </summary>
internal static class ProblemIds
{
    /// <summary>The id, or null for problems reported at another declaration (a dependency's own).</summary>
    public static string? Of(ProblemKind kind) => kind switch
    {
        ProblemKind.UnknownStrategy => "ORCH0001",
        ProblemKind.UnknownWorkflow => "ORCH0002",
        ProblemKind.DepthExceeded or ProblemKind.InvalidMaxDepth => "ORCH0003",
        ProblemKind.UnknownTemplate => "ORCH0004",
        ProblemKind.Cycle => "ORCH0005",
        ProblemKind.TypeMismatch => "ORCH0006",
        ProblemKind.Arity => "ORCH0007",
        ProblemKind.DuplicateId => "ORCH0008",
        ProblemKind.InvalidId => "ORCH0010",
        ProblemKind.StepTarget => "ORCH0011",
        ProblemKind.InvalidClass => "ORCH0012",
        ProblemKind.UnusableReference => "ORCH0015",
        ProblemKind.InvalidOption => "ORCH0016",
        ProblemKind.InvalidMethod => "ORCH0017",
        ProblemKind.BranchCondition => "ORCH0018",
        ProblemKind.UnknownRequest => "ORCH0019",
        ProblemKind.WaitPlacement => "ORCH0020",
        _ => null,
    };
}
