using System;
using System.Reflection;

namespace Orchestration.Generators.Tests;

/// <summary>Generated definitions name nested workflows by definition, so their fingerprints cover what they nest.</summary>
public sealed class NestedFingerprintTests
{
    private static string Source(string innerSteps) => GeneratorHarness.Usings + $$"""
        namespace Nesting;

        [AgentTemplate("upper")]
        public sealed class Upper : IAgent<string, string>
        {
            public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => new(input.ToUpperInvariant());
        }

        [AgentTemplate("twice")]
        public sealed class Twice : IAgent<string, string>
        {
            public ValueTask<string> RunAsync(string input, AgentContext context, CancellationToken cancellationToken) => new(input + input);
        }

        [Workflow("inner")]
        {{innerSteps}}
        public static partial class Inner;

        [Workflow("outer", Strategy = "nested_sequential")]
        [Step(Workflow = "inner")]
        [Step("upper")]
        public static partial class Outer
        {
            public static string Fingerprint() => Definition.Fingerprint;

            public static bool NamesInner() => ReferenceEquals(Definition.Steps[0].Definition, Inner.Definition);
        }
        """;

    [Fact]
    public void Reordering_a_nested_workflows_steps_changes_the_outer_workflows_fingerprint()
    {
        var before = Load(Source("[Step(\"upper\")]\n[Step(\"twice\")]"));
        var same = Load(Source("[Step(\"upper\")]\n[Step(\"twice\")]"));
        var after = Load(Source("[Step(\"twice\")]\n[Step(\"upper\")]"));

        Assert.True((bool)Call(before, "NamesInner"));
        Assert.Equal(Call(before, "Fingerprint"), Call(same, "Fingerprint"));
        Assert.NotEqual(Call(before, "Fingerprint"), Call(after, "Fingerprint"));
    }

    private static Type Load(string source) => GeneratorHarness.Load(GeneratorHarness.RunClean(source).Compilation).GetType("Nesting.Outer")!;

    private static object Call(Type type, string method) => type.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
}
