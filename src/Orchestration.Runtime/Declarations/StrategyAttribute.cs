using System;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>
/// Declares a user strategy: a class deriving from <see cref="ExecutionStrategy"/> that workflows can name in
/// <see cref="WorkflowAttribute.Strategy"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class StrategyAttribute : Attribute
{
    /// <summary>Declares a strategy with the given name.</summary>
    /// <param name="name">The name workflows use, for example <c>"round_robin"</c>.</param>
    public StrategyAttribute(string name) => Name = name;

    /// <summary>The strategy name.</summary>
    public string Name { get; }

    /// <summary>How the strategy lines up step types; the generator types runners from it. Defaults to <see cref="StrategyShape.Chain"/>.</summary>
    public StrategyShape Shape { get; set; } = StrategyShape.Chain;
}
