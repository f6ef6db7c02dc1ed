using System.Collections.Generic;
using System.Linq;
using Orchestration.Rules;

namespace Orchestration.Declarations;

/// <summary>The shape rules' type facts at build time, from the generator's symbol-free model (<see cref="TypeRef"/>).</summary>
internal sealed class ModelTypeFacts : TypeFacts<TypeRef>
{
    public static readonly ModelTypeFacts Instance = new();

    private const string Generic = "global::System.Collections.Generic.";

    public override string Name(TypeRef type) => type.ShortName;

    public override bool Accepts(TypeRef target, TypeRef value) => value.IsAssignableTo(target);

    public override bool Same(TypeRef left, TypeRef right) => left.Key == right.Key;

    public override bool TakesString(TypeRef type) => type.Key is "string" or "object";

    public override bool IsCritique(TypeRef type) => type.Key == "global::Orchestration.Critique";

    public override bool IsDelegationPlan(TypeRef type) => type.Key == "global::Orchestration.DelegationPlan";

    public override bool IsTranscript(TypeRef type) => type.Key.StartsWith(KnownNames.DebateTranscriptPrefix, System.StringComparison.Ordinal);

    public override TypeRef Transcript(TypeRef position) => Wrap("DebateTranscript", position);

    public override TypeRef Reports(TypeRef report) => Wrap("DelegationReports", report);

    public override TypeRef Taught(TypeRef answer) => Wrap("Taught", answer);

    public override TypeRef Refined(TypeRef draft) => Wrap("Refined", draft);

    public override TypeRef Routed(TypeRef classification, TypeRef answer) => new(
        $"global::Orchestration.Routed<{classification.FullName}, {answer.FullName}>",
        $"global::Orchestration.Routed<{classification.Key}, {answer.Key}>",
        $"Routed<{classification.ShortName}, {answer.ShortName}>",
        classification.IsPublic && answer.IsPublic,
        new[] { $"global::System.IEquatable<global::Orchestration.Routed<{classification.Key}, {answer.Key}>>" }.ToEquatableArray());

    public override TypeRef Branched(TypeRef answer) => Wrap("Branched", answer);

    public override TypeRef Repeated(TypeRef value) => Wrap("Repeated", value);

    public override TypeRef ListOf(TypeRef result) => new(
        $"{Generic}IReadOnlyList<{result.FullName}>",
        $"{Generic}IReadOnlyList<{result.Key}>",
        $"IReadOnlyList<{result.ShortName}>",
        result.IsPublic,
        new[] { $"{Generic}IReadOnlyCollection<{result.Key}>", $"{Generic}IEnumerable<{result.Key}>", "global::System.Collections.IEnumerable" }.ToEquatableArray());

    public override TypeRef ItemsOf(TypeRef item) => ListOf(item);

    public override TypeRef Gathered(IReadOnlyList<RuleStep<TypeRef>> steps)
    {
        if (steps.Count == 1)
        {
            return steps[0].Output!;
        }

        var names = steps.Select(s => Identifiers.ToPascalCase(s.Id)).ToArray();
        var named = names.Distinct(System.StringComparer.Ordinal).Count() == names.Length && names.All(IsUsableTupleName);
        var full = "(" + string.Join(", ", steps.Select((s, i) => s.Output!.FullName + (named ? " " + names[i] : string.Empty))) + ")";
        var key = "(" + string.Join(", ", steps.Select(s => s.Output!.Key)) + ")";
        var shortName = "(" + string.Join(", ", steps.Select((s, i) => s.Output!.ShortName + (named ? " " + names[i] : string.Empty))) + ")";
        return new TypeRef(full, key, shortName, steps.All(s => s.Output!.IsPublic), new[] { "global::System.ValueType" }.ToEquatableArray());
    }

    private static bool IsUsableTupleName(string name) =>
        !(name.StartsWith("Item", System.StringComparison.Ordinal) && name.Length > 4 && name.Substring(4).All(char.IsDigit)) &&
        name is not ("Rest" or "ToString" or "GetHashCode" or "Equals" or "CompareTo" or "GetType");

    /// <summary><c>Orchestration.{name}&lt;arg&gt;</c>, a record: equatable to itself.</summary>
    private static TypeRef Wrap(string name, TypeRef argument) => new(
        $"global::Orchestration.{name}<{argument.FullName}>",
        $"global::Orchestration.{name}<{argument.Key}>",
        $"{name}<{argument.ShortName}>",
        argument.IsPublic,
        new[] { $"global::System.IEquatable<global::Orchestration.{name}<{argument.Key}>>" }.ToEquatableArray());
}
