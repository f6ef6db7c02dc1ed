using Orchestration.Declarations;

namespace Orchestration.Generators.Tests;

/// <summary><see cref="SymbolNames.Is"/> compares a symbol's full name without formatting it; it must match exactly.</summary>
public sealed class SymbolNamesTests
{
    private const string Source = """
        namespace Orchestration { public sealed class StepAttribute : System.Attribute { public sealed class Inner { } } public interface IAgent<TIn, TOut> { } public interface IAgent<T> { } }
        namespace XOrchestration { public sealed class StepAttribute { } }
        namespace Deep.Orchestration { public sealed class StepAttribute { } }
        public sealed class StepAttribute { }
        """;

    [Theory]
    [InlineData("Orchestration.StepAttribute", "Orchestration.StepAttribute", true)]
    [InlineData("Orchestration.StepAttribute+Inner", "Orchestration.StepAttribute.Inner", true)]
    [InlineData("Orchestration.StepAttribute", "Orchestration.StepAttributeX", false)]
    [InlineData("Orchestration.StepAttribute", "rchestration.StepAttribute", false)]
    [InlineData("Orchestration.StepAttribute", "StepAttribute", false)]
    [InlineData("XOrchestration.StepAttribute", "Orchestration.StepAttribute", false)]
    [InlineData("Deep.Orchestration.StepAttribute", "Orchestration.StepAttribute", false)]
    [InlineData("Orchestration.IAgent`2", "Orchestration.IAgent`2", true)]
    [InlineData("Orchestration.IAgent`1", "Orchestration.IAgent`2", false)]
    [InlineData("Orchestration.IAgent`2", "Orchestration.IAgent", false)]
    [InlineData("StepAttribute", "StepAttribute", true)]
    [InlineData("StepAttribute", "Orchestration.StepAttribute", false)]
    public void Matches_the_whole_name_and_nothing_else(string metadataName, string fullName, bool expected)
    {
        var symbol = GeneratorHarness.Compile(Source).GetTypeByMetadataName(metadataName);

        Assert.NotNull(symbol);
        Assert.Equal(expected, SymbolNames.Is(symbol, fullName));
    }

    [Fact]
    public void A_constructed_generic_type_matches_its_definitions_name()
    {
        var compilation = GeneratorHarness.Compile(Source);
        var definition = compilation.GetTypeByMetadataName("Orchestration.IAgent`2")!;
        var constructed = definition.Construct(compilation.GetSpecialType(Microsoft.CodeAnalysis.SpecialType.System_String), compilation.GetSpecialType(Microsoft.CodeAnalysis.SpecialType.System_Int32));

        Assert.True(SymbolNames.Is(constructed, "Orchestration.IAgent`2"));
    }

    [Fact]
    public void A_missing_symbol_matches_nothing() => Assert.False(SymbolNames.Is(null, "Orchestration.StepAttribute"));
}
