namespace Orchestration.Declarations;

/// <summary>
/// An <c>[InputRequest]</c> class: what a wait step sends (<see cref="Request"/>) and waits for (<see cref="Response"/>),
/// read from its <c>InputRequest&lt;TRequest, TResponse&gt;</c> base. <see cref="DeadlineSeconds"/> is 0 for no deadline.
/// </summary>
internal sealed record InputRequestModel(
    string Id,
    string? Description,
    int DeadlineSeconds,
    string ClassTypeName,
    bool ClassIsPublic,
    TypeRef? Request,
    TypeRef? Response,
    EquatableArray<ConstructorParameter> Constructor,
    EquatableArray<DeclarationProblem> Problems)
{
    /// <summary>Whether the generator can emit the request's definition (it derives from the base, can be constructed, ...).</summary>
    public bool CanEmit => Problems.Count == 0 && Request is not null && Response is not null;

    /// <summary>Whether code in other assemblies can use the generated definition.</summary>
    public bool IsPublic => ClassIsPublic && Request is { IsPublic: true } && Response is { IsPublic: true };
}
