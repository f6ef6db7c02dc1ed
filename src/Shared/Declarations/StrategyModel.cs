namespace Orchestration.Declarations;

/// <summary>A <c>[Strategy]</c> class.</summary>
internal sealed record StrategyModel(
    string Name,
    int Shape,
    string TypeName,
    EquatableArray<ConstructorParameter> Constructor,
    EquatableArray<DeclarationProblem> Problems)
{
    public bool CanEmit => Problems.Count == 0;
}
