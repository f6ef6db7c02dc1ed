using System.Linq;
using Orchestration.Declarations;

namespace Orchestration.Generators.Emit;

/// <summary>
/// Emits, for a workflow with errors, a <c>RunAsync</c> that is obsolete as an error. Without it a call to the
/// workflow fails with a bare CS0117 once the workflow's own diagnostic is suppressed or downgraded; with it the call
/// fails with CS0619, whose message names that diagnostic.
/// </summary>
internal static class WorkflowStubEmitter
{
    /// <summary>
    /// The stub's model, or null when the class cannot take a generated member (the cases ORCH0012 reports, and a class
    /// with a <c>RunAsync</c> of its own).
    /// </summary>
    public static WorkflowStub? Model(ResolvedWorkflow workflow)
    {
        var type = workflow.Model.Class;
        if (workflow.CanEmit
            || type.Problems.Count > 0
            || type.ClashingMembers.Count > 0
            || type.OwnMethods.Any(m => m.Name == "RunAsync")
            || workflow.Problems.Any(p => p.Kind == ProblemKind.InvalidClass))
        {
            return null;
        }

        var first = workflow.Problems.FirstOrDefault(p => ProblemIds.Of(p.Kind) is not null) ?? workflow.Problems.FirstOrDefault();
        var cause = first is null ? string.Empty
            : ProblemIds.Of(first.Kind) is { } id ? $" ({id}: {first.Message})"
            : $" ({first.Message})";
        return new WorkflowStub(type, $"Workflow '{workflow.Model.Id}' has errors{cause}; fix them to get its runner.");
    }

    public static string Emit(WorkflowStub stub)
    {
        var type = stub.Class;
        var writer = new SourceWriter();
        FileHeader.Write(writer);
        WorkflowClassScope.Open(writer, type);
        writer.Doc("<summary>Stands in for the runner this workflow does not get while it has errors; any call to it names the first one.</summary>");
        writer.Line($"[global::System.Obsolete({Identifiers.Literal(stub.Message)}, error: true)]");
        writer.Line(FileHeader.GeneratedCodeAttribute);
        writer.Line("public static global::System.Threading.Tasks.ValueTask<global::Orchestration.WorkflowResult<object?>> RunAsync(params object?[] arguments) =>");
        writer.Indent().Line("throw new global::System.NotSupportedException();").Unindent();
        WorkflowClassScope.Close(writer, type);

        return writer.ToString();
    }
}

/// <summary>The class of a workflow with errors and the message its stub carries.</summary>
internal sealed record WorkflowStub(WorkflowClass Class, string Message);
