using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Orchestration.Rules;

namespace Orchestration;

/// <summary>
/// The shape rules' type facts at run time, from <see cref="Type"/>: what a registered definition's steps take and
/// produce. What the dynamic path's strategies produce is typed <c>object</c> (a <c>Refined&lt;object&gt;</c>, an
/// <c>object[]</c>...), so that is what the rules are told a shape produces.
/// </summary>
internal sealed class RuntimeTypeFacts : TypeFacts<Type>
{
    public static readonly RuntimeTypeFacts Instance = new();

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool", [typeof(int)] = "int", [typeof(long)] = "long",
        [typeof(short)] = "short", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(uint)] = "uint", [typeof(ulong)] = "ulong",
        [typeof(ushort)] = "ushort", [typeof(char)] = "char", [typeof(double)] = "double", [typeof(float)] = "float", [typeof(decimal)] = "decimal",
    };

    /// <summary>As C# writes the type, without namespaces, as the build's messages do: <c>int</c>, <c>IReadOnlyList&lt;Review&gt;</c>, <c>Outer.Inner</c>.</summary>
    public override string Name(Type type)
    {
        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword;
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        var arguments = type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes;
        if (type.IsGenericType && type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true)
        {
            return "(" + string.Join(", ", arguments.Select(Name)) + ")";
        }

        var name = type.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0)
        {
            // A nested type's generic arguments include its declaring types'; the last ones are its own.
            var own = int.Parse(name.Substring(tick + 1), System.Globalization.CultureInfo.InvariantCulture);
            name = name.Substring(0, tick) + "<" + string.Join(", ", arguments.Skip(arguments.Length - own).Select(Name)) + ">";
        }

        return type.IsNested && !type.IsGenericParameter ? Name(type.DeclaringType!) + "." + name : name;
    }

    public override bool Accepts(Type target, Type value) => target.IsAssignableFrom(value);

    public override bool Same(Type left, Type right) => left == right;

    public override bool TakesString(Type type) => type.IsAssignableFrom(typeof(string));

    public override bool IsCritique(Type type) => typeof(Critique).IsAssignableFrom(type);

    public override bool IsDelegationPlan(Type type) => type == typeof(DelegationPlan);

    public override bool IsTranscript(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(DebateTranscript<>);

    public override Type Transcript(Type position) => typeof(DebateTranscript<object>);

    public override Type Reports(Type report) => typeof(DelegationReports<object>);

    public override Type Taught(Type answer) => typeof(Taught<object>);

    public override Type Refined(Type draft) => typeof(Refined<object>);

    public override Type Routed(Type classification, Type answer) => typeof(Routed<object, object>);

    public override Type Branched(Type answer) => typeof(Branched<object>);

    public override Type Repeated(Type value) => typeof(Repeated<object>);

    public override Type ListOf(Type result) => typeof(object[]);

    public override Type ItemsOf(Type item) => typeof(IEnumerable);

    public override Type Gathered(IReadOnlyList<RuleStep<Type>> steps) => typeof(object[]);
}
