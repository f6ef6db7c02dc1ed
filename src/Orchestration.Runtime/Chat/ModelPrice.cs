using System;

namespace Orchestration;

/// <summary>What a model charges, per million tokens.</summary>
public sealed record ModelPrice
{
    /// <summary>Creates a price.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A price is negative.</exception>
    public ModelPrice(decimal inputPerMillionTokens, decimal outputPerMillionTokens)
    {
        if (inputPerMillionTokens < 0 || outputPerMillionTokens < 0)
        {
            throw new ArgumentOutOfRangeException(inputPerMillionTokens < 0 ? nameof(inputPerMillionTokens) : nameof(outputPerMillionTokens), "Prices cannot be negative.");
        }

        InputPerMillionTokens = inputPerMillionTokens;
        OutputPerMillionTokens = outputPerMillionTokens;
    }

    /// <summary>Price of a million input tokens.</summary>
    public decimal InputPerMillionTokens { get; }

    /// <summary>Price of a million output tokens.</summary>
    public decimal OutputPerMillionTokens { get; }

    /// <summary>What <paramref name="usage"/> costs at this price.</summary>
    public decimal CostOf(TokenUsage usage) =>
        ((usage?.InputTokens ?? 0) * InputPerMillionTokens + (usage?.OutputTokens ?? 0) * OutputPerMillionTokens) / 1_000_000m;
}
