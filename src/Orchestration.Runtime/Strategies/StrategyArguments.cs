using System;

namespace Orchestration;

/// <summary>Checks shared by the strategies' options, so that every strategy words them the same way.</summary>
internal static class StrategyArguments
{
    /// <summary>A confidence threshold: between 0 and 1 inclusive.</summary>
    public static double Threshold(double value, string strategy, string parameter) =>
        double.IsNaN(value) || value < 0 || value > 1
            ? throw new ArgumentOutOfRangeException(parameter, value, $"The {strategy} threshold must be between 0 and 1.")
            : value;

    /// <summary>A count of rounds or iterations: at least 1, else <paramref name="message"/>.</summary>
    public static int AtLeastOne(int value, string message, string parameter) =>
        value < 1 ? throw new ArgumentOutOfRangeException(parameter, value, message) : value;
}
