namespace Orchestration.Declarations;

/// <summary>Metadata names and built-ins the generator and analyzers both rely on.</summary>
internal static class KnownNames
{
    public const string AgentTemplateAttribute = "Orchestration.AgentTemplateAttribute";
    public const string StrategyAttribute = "Orchestration.StrategyAttribute";
    public const string WorkflowAttribute = "Orchestration.WorkflowAttribute";
    public const string StepAttribute = "Orchestration.StepAttribute";
    public const string InputRequestAttribute = "Orchestration.InputRequestAttribute";
    public const string QualityGateAttribute = "Orchestration.QualityGateAttribute";
    public const string ModuleAttribute = "Orchestration.OrchestrationModuleAttribute";
    public const string DefaultsAttribute = "Orchestration.OrchestrationDefaultsAttribute";

    /// <summary>The MSBuild property (made compiler-visible by the package) that sets the project-wide nesting limit.</summary>
    public const string MaxDepthProperty = "build_property.OrchestrationMaxDepth";
    public const string AgentInterface = "Orchestration.IAgent`2";
    public const string StrategyBase = "Orchestration.ExecutionStrategy";
    public const string InputRequestBase = "Orchestration.InputRequest`2";
    public const string ChatAgentBase = "Orchestration.ChatAgent`2";
    public const string JsonSerializableAttribute = "System.Text.Json.Serialization.JsonSerializableAttribute";
    public const string JsonSerializerContext = "System.Text.Json.Serialization.JsonSerializerContext";

    /// <summary>MSBuild properties (compiler-visible) that say a project is trimmed or compiled ahead of time.</summary>
    public static readonly string[] TrimmingProperties =
    {
        "build_property.EnableTrimAnalyzer",
        "build_property.EnableAotAnalyzer",
        "build_property.PublishTrimmed",
        "build_property.PublishAot",
    };

    public const string ActivatorUtilitiesConstructor = "Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructorAttribute";

    /// <summary>The attune default for <c>NestingContext.DEFAULT_MAX_DEPTH</c>.</summary>
    public const int DefaultMaxDepth = 3;

    public const int ChainShape = 0;
    public const int FanOutShape = 1;
    public const int TeachingShape = 2;
    public const int AdaptiveShape = 3;
    public const int RefinementShape = 4;
    public const int ConditionalShape = 5;
    public const int MultiConditionalShape = 6;
    public const int NestedShape = 7;
    public const int DebateShape = 8;
    public const int DelegationShape = 9;
    public const int ToolEnhancedShape = 10;
    public const int PromptCachedShape = 11;

    /// <summary>How many rounds a debate has by default.</summary>
    public const int DefaultRounds = 2;

    /// <summary>The key prefix of the transcript type a debate's judge takes.</summary>
    public const string DebateTranscriptPrefix = "global::Orchestration.DebateTranscript<";

    /// <summary>How many critiques a refinement draft gets by default.</summary>
    public const int DefaultMaxIterations = 3;

    /// <summary>attune's teaching threshold.</summary>
    public const double DefaultTeachingThreshold = 0.7;

    /// <summary>attune's adaptive threshold.</summary>
    public const double DefaultAdaptiveThreshold = 0.8;

    /// <summary>The runtime's built-in strategies and their shapes (see <c>StrategyRegistry</c>).</summary>
    public static readonly (string Name, int Shape)[] BuiltInStrategies =
    {
        ("sequential", ChainShape),
        ("parallel", FanOutShape),
        ("nested_sequential", ChainShape),
        ("teaching", TeachingShape),
        ("adaptive", AdaptiveShape),
        ("refinement", RefinementShape),
        ("conditional", ConditionalShape),
        ("multi_conditional", MultiConditionalShape),
        ("nested", NestedShape),
        ("debate", DebateShape),
        ("delegation_chain", DelegationShape),
        ("tool_enhanced", ToolEnhancedShape),
        ("prompt_cached_sequential", PromptCachedShape),
    };
}
