namespace Orchestration.Declarations;

/// <summary>
/// A <c>[Workflow]</c> class and its steps, in source order. <see cref="MaxDepth"/> is null when the workflow leaves it to
/// the project default. <see cref="StrategyIsNull"/>: the attribute says <c>Strategy = null</c> (<see cref="Strategy"/>
/// is then empty), which names no strategy, unlike leaving the argument out.
/// </summary>
internal sealed record WorkflowModel(
    string Id,
    string Strategy,
    string? Description,
    int? MaxDepth,
    double? ConfidenceThreshold,
    int? MaxIterations,
    int? Rounds,
    string? CachedContext,
    MethodModel? Router,
    WorkflowClass Class,
    EquatableArray<StepModel> Steps,
    bool StrategyIsNull = false,
    MethodModel? Items = null,
    MethodModel? Until = null,
    int? MaxParallelism = null);

/// <summary>
/// One <c>[Step]</c>: exactly one of <see cref="Template"/>, <see cref="Workflow"/>, <see cref="Await"/> or a delay
/// (<see cref="DelaySeconds"/> or <see cref="Until"/>) should be set. <see cref="When"/> is the branch condition of
/// conditional strategies (never carried in manifests). <see cref="DelaySeconds"/> is null when the step does not set it.
/// </summary>
internal sealed record StepModel(
    string? Template,
    string? Workflow,
    MethodModel? When = null,
    string? Await = null,
    int? DelaySeconds = null,
    MethodModel? Until = null)
{
    public bool IsWorkflow => Kind == StepKind.Workflow;

    /// <summary>What the step runs, or null when it names none or several of a template, a workflow, a wait and a delay.</summary>
    public StepKind? Kind
    {
        get
        {
            var named = (Template is null ? 0 : 1) + (Workflow is null ? 0 : 1) + (Await is null ? 0 : 1) + (IsDelay ? 1 : 0);
            if (named != 1 || (DelaySeconds is not null && Until is not null))
            {
                return null;
            }

            return Template is not null ? StepKind.Agent
                : Workflow is not null ? StepKind.Workflow
                : Await is not null ? StepKind.Wait
                : StepKind.Timer;
        }
    }

    /// <summary>The template, workflow or input request id; <c>delay</c> for a delay (as the runtime names delay steps).</summary>
    public string? TargetId => Template ?? Workflow ?? Await ?? (IsDelay ? DelayId : null);

    /// <summary>The step id of delays, in results and records (<c>WorkflowStep.DelayId</c>).</summary>
    public const string DelayId = "delay";

    private bool IsDelay => DelaySeconds is not null || Until is not null;
}

/// <summary>What a step runs; the same kinds, by the same names, as the runtime's <c>Orchestration.StepKind</c>.</summary>
internal enum StepKind
{
    /// <summary>An agent template.</summary>
    Agent,

    /// <summary>A nested workflow.</summary>
    Workflow,

    /// <summary>A wait for the response to an input request.</summary>
    Wait,

    /// <summary>A delay, for a number of seconds or until a time a method computes.</summary>
    Timer,
}

/// <summary>
/// Where the generator adds the runner: the workflow class, its namespace and its containing types.
/// <see cref="ClashingMembers"/>: the user's members named like members the generator adds (<see cref="GeneratedMembers"/>);
/// <see cref="OwnMethods"/>: the user's methods named like generated methods, which clash only with the same parameters.
/// </summary>
internal sealed record WorkflowClass(
    string Namespace,
    string Name,
    string FullName,
    bool IsStatic,
    bool IsPublic,
    string Keyword,
    EquatableArray<ContainingType> ContainingTypes,
    EquatableArray<Orchestration.Rules.RuleText> Problems,
    EquatableArray<string> ClashingMembers,
    EquatableArray<OwnMethod> OwnMethods)
{
    /// <summary>Hint name of the generated file: <c>Namespace.Outer.Type.g.cs</c>.</summary>
    public string HintName => FullName.Replace("global::", string.Empty) + ".g.cs";
}

/// <summary>A type that contains the workflow class; it must be partial for the runner to be added.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>
/// A method a workflow names (its <c>Router</c>, or a step's <c>When</c> or <c>Until</c>), as found on its class:
/// whether it exists, is static, its single parameter, and its return type's key (<c>string</c>, <c>bool</c>,
/// <c>global::System.DateTimeOffset</c>, ...). <see cref="Element"/>: for a <c>for_each</c>'s <c>Items</c> method, the
/// <c>T</c> of the <c>IEnumerable&lt;T&gt;</c> it returns (null when it returns no such collection, or for other methods).
/// </summary>
internal sealed record MethodModel(string Name, bool Found, bool IsStatic, TypeRef? Parameter, string? ReturnKey, TypeRef? Element = null);
