namespace Orchestration;

/// <summary>The model class an agent template prefers, from cheapest to most capable.</summary>
/// <remarks>The order is meaningful: strategies that choose "the cheapest" or "the most capable" specialist compare tiers.</remarks>
public enum ModelTier
{
    /// <summary>A fast, inexpensive model for routine work.</summary>
    Cheap = 0,

    /// <summary>A balanced model; the default.</summary>
    Capable = 1,

    /// <summary>The most capable (and most expensive) model.</summary>
    Premium = 2,
}
