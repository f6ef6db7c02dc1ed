using Orchestration.Declarations;

namespace Orchestration.Generators.Emit;

/// <summary>Opens and closes what a workflow's generated members sit in: its namespace, containing types and class, all partial.</summary>
internal static class WorkflowClassScope
{
    public static void Open(SourceWriter writer, WorkflowClass type)
    {
        if (type.Namespace.Length > 0)
        {
            writer.Open($"namespace {type.Namespace}");
        }

        foreach (var outer in type.ContainingTypes)
        {
            writer.Open($"partial {outer.Keyword} {outer.Name}");
        }

        writer.Open($"partial {type.Keyword} {type.Name}");
    }

    public static void Close(SourceWriter writer, WorkflowClass type)
    {
        writer.Close();
        foreach (var _ in type.ContainingTypes)
        {
            writer.Close();
        }

        if (type.Namespace.Length > 0)
        {
            writer.Close();
        }
    }
}
