using System;
using System.Collections.Generic;
using System.Linq;
using Orchestration.Strategies;

namespace Orchestration;

/// <summary>Strategies by name. Part of an <see cref="OrchestrationRegistry"/>.</summary>
public sealed class StrategyRegistry
{
    private readonly OrchestrationRegistry _owner;
    private readonly Dictionary<string, StrategyRegistration> _byName = new(StringComparer.Ordinal);

    internal StrategyRegistry(OrchestrationRegistry owner)
    {
        _owner = owner;
        Add(new StrategyRegistration(StrategyNames.Sequential, StrategyShape.Chain, new SequentialStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.Parallel, StrategyShape.FanOut, new ParallelStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.NestedSequential, StrategyShape.Chain, new NestedSequentialStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.Teaching, StrategyShape.Teaching, new TeachingStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.Adaptive, StrategyShape.Adaptive, new AdaptiveStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.Refinement, StrategyShape.Refinement, new RefinementStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.Conditional, StrategyShape.Conditional, new ConditionalStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.MultiConditional, StrategyShape.MultiConditional, new ConditionalStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.Nested, StrategyShape.Nested, new NestedStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.Debate, StrategyShape.Debate, new DebateStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.DelegationChain, StrategyShape.DelegationChain, new DelegationChainStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.ToolEnhanced, StrategyShape.ToolEnhanced, new ToolEnhancedStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.PromptCachedSequential, StrategyShape.PromptCachedSequential, new PromptCachedSequentialStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.ForEach, StrategyShape.ForEach, new ForEachStrategy(), isBuiltIn: true));
        Add(new StrategyRegistration(StrategyNames.RepeatUntil, StrategyShape.RepeatUntil, new RepeatUntilStrategy(), isBuiltIn: true));
    }

    /// <summary>The registered names, sorted.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_owner.Gate)
            {
                return _byName.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>Gets the strategy registered as <paramref name="name"/>.</summary>
    /// <exception cref="OrchestrationLookupException"><c>Unknown strategy: {name}. Available: …</c></exception>
    public ExecutionStrategy Get(string name) => GetRegistration(name).Strategy;

    /// <summary>Gets the registration (name, shape, instance) of <paramref name="name"/>.</summary>
    /// <exception cref="OrchestrationLookupException"><c>Unknown strategy: {name}. Available: …</c></exception>
    public StrategyRegistration GetRegistration(string name)
    {
        lock (_owner.Gate)
        {
            return GetLocked(name);
        }
    }

    /// <summary>Gets the strategy registered as <paramref name="name"/> without throwing.</summary>
    public bool TryGet(string name, out StrategyRegistration registration)
    {
        lock (_owner.Gate)
        {
            return _byName.TryGetValue(name ?? string.Empty, out registration!);
        }
    }

    /// <summary>Registers a strategy, validating the name at once.</summary>
    /// <param name="name">The name workflows use.</param>
    /// <param name="strategy">The strategy instance (shared; keep it stateless).</param>
    /// <param name="shape">How the strategy lines up step types.</param>
    /// <exception cref="ArgumentException">The name is empty or has surrounding whitespace.</exception>
    /// <exception cref="InvalidOperationException">The name is already registered.</exception>
    public void Register(string name, ExecutionStrategy strategy, StrategyShape shape = StrategyShape.Chain)
    {
        OrchestrationIds.Validate(name, "Strategy name", nameof(name));
        if (strategy is null)
        {
            throw new ArgumentNullException(nameof(strategy));
        }

        if (!Enum.IsDefined(typeof(StrategyShape), shape))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, $"Strategy '{name}': unknown shape.");
        }

        lock (_owner.Gate)
        {
            if (_byName.TryGetValue(name, out var existing))
            {
                if (ReferenceEquals(existing.Strategy, strategy) && existing.Shape == shape)
                {
                    return;
                }

                throw new InvalidOperationException(
                    $"Strategy '{name}' is already registered ({existing.Strategy.GetType().FullName}). Unregister it first, or choose another name.");
            }

            Add(new StrategyRegistration(name, shape, strategy, isBuiltIn: false));
        }
    }

    /// <summary>Removes a strategy.</summary>
    /// <returns><see langword="true"/> if it was registered.</returns>
    /// <exception cref="InvalidOperationException">A registered workflow uses it.</exception>
    public bool Unregister(string name)
    {
        lock (_owner.Gate)
        {
            if (name is null || !_byName.ContainsKey(name))
            {
                return false;
            }

            var users = _owner.Workflows.UsersOfLocked(w => w.Strategy == name);
            if (users.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Strategy '{name}' is used by workflow(s) {string.Join(", ", users.Select(u => $"'{u}'"))}. Unregister them first.");
            }

            return _byName.Remove(name);
        }
    }

    /// <summary>A copy of the registrations; later changes to the registry do not affect it.</summary>
    public IReadOnlyDictionary<string, StrategyRegistration> Snapshot()
    {
        lock (_owner.Gate)
        {
            return new Dictionary<string, StrategyRegistration>(_byName, StringComparer.Ordinal);
        }
    }

    internal StrategyRegistration GetLocked(string name)
    {
        if (name is not null && _byName.TryGetValue(name, out var registration))
        {
            return registration;
        }

        throw new OrchestrationLookupException("strategy", name, _byName.Keys);
    }

    private void Add(StrategyRegistration registration) => _byName.Add(registration.Name, registration);
}

/// <summary>A registered strategy.</summary>
public sealed class StrategyRegistration
{
    internal StrategyRegistration(string name, StrategyShape shape, ExecutionStrategy strategy, bool isBuiltIn)
    {
        Name = name;
        Shape = shape;
        Strategy = strategy;
        IsBuiltIn = isBuiltIn;
    }

    /// <summary>The name workflows use.</summary>
    public string Name { get; }

    /// <summary>How the strategy lines up step types.</summary>
    public StrategyShape Shape { get; }

    /// <summary>The strategy instance.</summary>
    public ExecutionStrategy Strategy { get; }

    /// <summary>Whether the strategy ships with the runtime.</summary>
    public bool IsBuiltIn { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Shape})";
}
