using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration.Benchmarks.Runtime;

/// <summary>The benchmark agents, for the baselines that call them without the orchestration.</summary>
internal static class Agents
{
    public static IAgent<int, int>[] Sync { get; } = Create("Inc");

    public static IAgent<int, int>[] Yielding { get; } = Create("YieldInc");

    private static IAgent<int, int>[] Create(string prefix) => Enumerable.Range(0, 100)
        .Select(i => (IAgent<int, int>)Activator.CreateInstance(typeof(Agents).Assembly.GetType($"Orchestration.Benchmarks.Runtime.{prefix}{i}")!)!)
        .ToArray();
}

/// <summary>
/// The string-dispatch baseline: what run-time orchestrators such as attune and django-cfg do per step. The agent is
/// found by name in a dictionary, and invoked through reflection, with its input and output boxed.
/// </summary>
internal sealed class StringDispatcher
{
    private readonly Dictionary<string, object> _agents = new(StringComparer.Ordinal);

    public StringDispatcher(IEnumerable<(string Name, object Agent)> agents)
    {
        foreach (var (name, agent) in agents)
        {
            _agents[name] = agent;
        }
    }

    public async ValueTask<object?> RunAsync(IReadOnlyList<string> steps, object? input)
    {
        var current = input;
        foreach (var name in steps)
        {
            if (!_agents.TryGetValue(name, out var agent))
            {
                throw new InvalidOperationException($"Unknown agent: {name}");
            }

            var method = agent.GetType().GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Instance)!;
            var pending = (ValueTask<int>)method.Invoke(agent, new[] { current, null, CancellationToken.None })!;
            current = await pending.ConfigureAwait(false);
        }

        return current;
    }
}
