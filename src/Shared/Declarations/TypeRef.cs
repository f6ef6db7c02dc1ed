namespace Orchestration.Declarations;

/// <summary>
/// A type as the model sees it: names only, no symbol. <see cref="FullName"/> is what generated code writes
/// (<c>global::</c>-qualified, nullable annotations kept); <see cref="Key"/> is what comparisons use (annotations
/// dropped); <see cref="AssignableTo"/> lists the keys of the type, its base types and its interfaces, so that "is
/// this step's output accepted by the next step's input" can be answered without a compilation.
/// </summary>
internal sealed record TypeRef(string FullName, string Key, string ShortName, bool IsPublic, EquatableArray<string> AssignableTo)
{
    public bool IsAssignableTo(TypeRef target) => Key == target.Key || target.Key == "object" || AssignableTo.Contains(target.Key);
}

internal static class EquatableArrayExtensions
{
    public static bool Contains(this EquatableArray<string> array, string value)
    {
        foreach (var item in array)
        {
            if (item == value)
            {
                return true;
            }
        }

        return false;
    }
}
