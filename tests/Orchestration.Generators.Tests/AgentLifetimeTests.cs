using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Orchestration.Declarations;

namespace Orchestration.Generators.Tests;

/// <summary>
/// Agents whose instances are all alike (no state, nothing done when constructed) are created once and shared by every
/// step; any other agent is created per step. The rule errs on the side of "per step".
/// </summary>
public sealed class AgentLifetimeTests
{
    private const string Run = "public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input);";

    [Theory]
    [InlineData("public sealed class A : IAgent<int, int> { " + Run + " }", true)]
    [InlineData("public sealed class A : IAgent<int, int> { public A() { } " + Run + " }", true)]
    [InlineData("public sealed class A : IAgent<int, int> { private const int Limit = 3; private static int _shared; public int Doubled => Limit * 2; " + Run + " }", true)]
    [InlineData("public sealed class A : IAgent<int, int> { static A() { } " + Run + " }", true)]
    [InlineData("public sealed class A : IAgent<int, int> { private int _calls; " + Run + " }", false)]
    [InlineData("public sealed class A : IAgent<int, int> { public int Calls { get; set; } " + Run + " }", false)]
    [InlineData("public sealed class A : IAgent<int, int> { public event Action? Ran; " + Run + " }", false)]
    [InlineData("public sealed class A : IAgent<int, int> { public int Calls { get => field; set => field = value; } " + Run + " }", false)]
    [InlineData("public sealed class A : IAgent<int, int> { public A() { Console.WriteLine(); } " + Run + " }", false)]
    [InlineData("public sealed class A : IAgent<int, int> { public A(IServiceProvider services) { } " + Run + " }", false)]
    [InlineData("public sealed class A : IAgent<int, int>, IDisposable { public void Dispose() { } " + Run + " }", false)]
    [InlineData("public class A : IAgent<int, int> { " + Run + " }", false)]
    [InlineData("public abstract class Base { } public sealed class A : Base, IAgent<int, int> { " + Run + " }", false)]
    [InlineData("public sealed record A : IAgent<int, int> { " + Run + " }", false)]
    [InlineData("public sealed class A : IAgent<int, int> { ~A() { } " + Run + " }", false)]
    public void Only_agents_without_state_or_construction_work_are_shared(string declaration, bool shared)
    {
        var compilation = GeneratorHarness.Compile(GeneratorHarness.Usings + declaration);
        var agent = compilation.GetTypeByMetadataName("A")!;

        Assert.Equal(shared, DeclarationParser.IsStateless(agent, CancellationToken.None));
    }

    [Fact]
    public async Task A_stateless_agent_is_one_instance_and_a_stateful_agent_is_new_for_every_step()
    {
        const string source = GeneratorHarness.Usings + """
            namespace Lifetimes;

            public static class Seen
            {
                public static readonly System.Collections.Generic.List<object> Agents = new();
            }

            [AgentTemplate("pure")]
            public sealed class Pure : IAgent<int, int>
            {
                public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken)
                {
                    Seen.Agents.Add(this);
                    return new(input + 1);
                }
            }

            [AgentTemplate("counting")]
            public sealed class Counting : IAgent<int, int>
            {
                private int _calls;

                public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken)
                {
                    Seen.Agents.Add(this);
                    return new(input + 10 * ++_calls);
                }
            }

            [Workflow("twice")]
            [Step("pure")]
            [Step("pure")]
            [Step("counting")]
            [Step("counting")]
            public static partial class Twice
            {
                public static async Task<string> Probe()
                {
                    Seen.Agents.Clear();
                    var result = await RunAsync(0);
                    var agents = Seen.Agents;
                    return $"{result.Output}|{ReferenceEquals(agents[0], agents[1])}|{ReferenceEquals(agents[2], agents[3])}";
                }
            }
            """;
        var outcome = GeneratorHarness.RunClean(source);
        var module = outcome.Generated("Orchestration.Generated.TestAppModule.g.cs");
        Assert.Contains("The agent class holds no state, so one instance serves every step.", module);
        var probe = GeneratorHarness.Load(outcome.Compilation).GetType("Lifetimes.Twice")!.GetMethod("Probe", BindingFlags.Public | BindingFlags.Static)!;

        var observed = await (Task<string>)probe.Invoke(null, null)!;

        // Each counting step starts from a fresh instance (10 + 10), the pure steps share one.
        Assert.Equal("22|True|False", observed);
    }
}

