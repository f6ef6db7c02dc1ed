namespace System.Runtime.CompilerServices;

/// <summary>Lets netstandard2.0 code declare an interpolated string handler (<c>Orchestration.Rules.RuleText</c>).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
internal sealed class InterpolatedStringHandlerAttribute : Attribute
{
}
