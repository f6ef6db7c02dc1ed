using System;

namespace Orchestration;

/// <summary>A named threshold the agent's work is held to, for example <c>[QualityGate("min_coverage", 80)]</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class QualityGateAttribute : Attribute
{
    /// <summary>Declares a quality gate.</summary>
    /// <param name="name">The gate's name.</param>
    /// <param name="threshold">The gate's threshold.</param>
    public QualityGateAttribute(string name, double threshold)
    {
        Name = name;
        Threshold = threshold;
    }

    /// <summary>The gate's name.</summary>
    public string Name { get; }

    /// <summary>The gate's threshold.</summary>
    public double Threshold { get; }
}
