namespace Orchestration.Rules;

/// <summary>
/// What the shape rules need to know about types, answered from the generator's symbol-free model at build time
/// (<c>TypeRef</c>) or from <see cref="System.Type"/> when a workflow is registered at run time. The rules are written
/// once over these facts, so a workflow that breaks one is refused with the same words in both places.
/// </summary>
/// <typeparam name="T">How a type is represented.</typeparam>
internal abstract class TypeFacts<T>
    where T : class
{
    /// <summary>How a type is named in messages: as C# writes it, without namespaces (<c>int</c>, <c>IReadOnlyList&lt;Review&gt;</c>).</summary>
    public abstract string Name(T type);

    /// <summary>Whether a value of <paramref name="value"/> can be given where <paramref name="target"/> is taken.</summary>
    public abstract bool Accepts(T target, T value);

    /// <summary>Whether the two are the same type.</summary>
    public abstract bool Same(T left, T right);

    /// <summary>Whether a step taking <paramref name="type"/> can be given a string (a delegation specialist's task).</summary>
    public abstract bool TakesString(T type);

    /// <summary>Whether <paramref name="type"/> is <c>Orchestration.Critique</c> (or, at run time, one).</summary>
    public abstract bool IsCritique(T type);

    /// <summary>Whether <paramref name="type"/> is <c>Orchestration.DelegationPlan</c>.</summary>
    public abstract bool IsDelegationPlan(T type);

    /// <summary>Whether a step taking <paramref name="type"/> is a debate's judge: it takes a <c>DebateTranscript</c>.</summary>
    public abstract bool IsTranscript(T type);

    /// <summary>What a debate whose participants argue <paramref name="position"/> produces: <c>DebateTranscript&lt;position&gt;</c>.</summary>
    public abstract T Transcript(T position);

    /// <summary>What a delegation chain's specialists hand its synthesizer: <c>DelegationReports&lt;report&gt;</c>.</summary>
    public abstract T Reports(T report);

    /// <summary><c>Taught&lt;answer&gt;</c>.</summary>
    public abstract T Taught(T answer);

    /// <summary><c>Refined&lt;draft&gt;</c>.</summary>
    public abstract T Refined(T draft);

    /// <summary><c>Routed&lt;classification, answer&gt;</c>.</summary>
    public abstract T Routed(T classification, T answer);

    /// <summary><c>Branched&lt;answer&gt;</c>.</summary>
    public abstract T Branched(T answer);

    /// <summary><c>Repeated&lt;value&gt;</c>.</summary>
    public abstract T Repeated(T value);

    /// <summary>What a <c>for_each</c> produces from its step's <paramref name="result"/>: <c>IReadOnlyList&lt;result&gt;</c>.</summary>
    public abstract T ListOf(T result);

    /// <summary>What a <c>for_each</c> without an items method takes, given what its step takes.</summary>
    public abstract T ItemsOf(T item);

    /// <summary>What a fan-out of several steps produces: their outputs, in order (a tuple, named after the steps when it can be).</summary>
    public abstract T Gathered(System.Collections.Generic.IReadOnlyList<RuleStep<T>> steps);
}

/// <summary>
/// A step as the shape rules see it: its 1-based position, the template or workflow it names, what it takes and
/// produces (null when unknown: the rules then skip what they cannot check), and whether it has a branch condition.
/// </summary>
internal sealed record RuleStep<T>(int Index, string Id, T? Input, T? Output, bool HasCondition = false)
    where T : class;
