using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Orchestration;

/// <summary>
/// An agent template: the metadata of an agent (id, role, tier, capabilities, tools, instructions, quality gates,
/// resource requirements) and how to create it. Immutable; validated when constructed.
/// </summary>
/// <remarks>
/// The source generator creates one per <see cref="AgentTemplateAttribute"/>. Create one directly (as
/// <see cref="AgentTemplate{TInput, TOutput}"/>) to register an agent at run time.
/// </remarks>
public abstract class AgentTemplate
{
    private protected AgentTemplate(
        string id,
        string role,
        Type agentType,
        Type inputType,
        Type outputType,
        ModelTier tier,
        IEnumerable<string>? capabilities,
        IEnumerable<string>? tools,
        string? defaultInstructions,
        IReadOnlyDictionary<string, double>? qualityGates,
        ResourceRequirements? resources,
        RetryPolicy? retry,
        System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? jsonMetadata)
    {
        Id = OrchestrationIds.Validate(id, "Template id", nameof(id));
        if (string.IsNullOrWhiteSpace(role))
        {
            throw new ArgumentException($"Template '{id}': role must be a non-empty string.", nameof(role));
        }

        if (!Enum.IsDefined(typeof(ModelTier), tier))
        {
            throw new ArgumentOutOfRangeException(nameof(tier), tier, $"Template '{id}': tier must be one of Cheap, Capable, Premium.");
        }

        Role = role;
        AgentType = agentType ?? throw new ArgumentNullException(nameof(agentType));
        InputType = inputType;
        OutputType = outputType;
        Tier = tier;
        Capabilities = ValidateNames(capabilities, id, "capabilities", nameof(capabilities));
        Tools = ValidateNames(tools, id, "tools", nameof(tools));
        DefaultInstructions = defaultInstructions;
        QualityGates = qualityGates is null
            ? EmptyGates
            : new Dictionary<string, double>(qualityGates.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
        Resources = resources ?? ResourceRequirements.Default;
        Retry = retry ?? RetryPolicy.None;
        JsonMetadata = jsonMetadata;
    }

    private static readonly IReadOnlyDictionary<string, double> EmptyGates = new Dictionary<string, double>();

    /// <summary>The template id steps refer to.</summary>
    public string Id { get; }

    /// <summary>The name of this template's agent spans, built once.</summary>
    internal string SpanName => _spanName ??= "invoke_agent " + Id;

    private string? _spanName;

    /// <summary>The agent's role.</summary>
    public string Role { get; }

    /// <summary>The agent's class.</summary>
    public Type AgentType { get; }

    /// <summary>The agent's input type.</summary>
    public Type InputType { get; }

    /// <summary>The agent's output type.</summary>
    public Type OutputType { get; }

    /// <summary>The preferred model tier.</summary>
    public ModelTier Tier { get; }

    /// <summary>What the agent can do.</summary>
    public IReadOnlyList<string> Capabilities { get; }

    /// <summary>The tools the agent uses.</summary>
    public IReadOnlyList<string> Tools { get; }

    /// <summary>Default instructions (system prompt) for LLM-backed agents, if any.</summary>
    public string? DefaultInstructions { get; }

    /// <summary>Named thresholds the agent's work is held to.</summary>
    public IReadOnlyDictionary<string, double> QualityGates { get; }

    /// <summary>Resource requirements; the timeout is enforced on every run of the agent.</summary>
    public ResourceRequirements Resources { get; }

    /// <summary>How a failing run of the agent is retried.</summary>
    public RetryPolicy Retry { get; }

    /// <summary>
    /// JSON metadata for the agent's input and output types, for agents that serialize them (chat agents), or
    /// <see langword="null"/>. The generator passes the source-generated <c>JsonSerializerContext</c>s of the agent's
    /// project that declare those types, so that trimmed and native AOT applications need nothing else.
    /// </summary>
    public System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? JsonMetadata { get; }

    /// <summary>Runs the agent with an input whose type is only known at run time (the dynamic path).</summary>
    /// <exception cref="ArgumentException">The input is not of the template's input type.</exception>
    public ValueTask<StepResult> RunUntypedAsync(WorkflowRun run, int stepIndex, object? input, CancellationToken cancellationToken) =>
        RunUntypedAsync(run, stepIndex, input, handoff: null, cancellationToken);

    /// <summary>Runs the agent with an input whose type is only known at run time, and <paramref name="handoff"/> in its context.</summary>
    /// <exception cref="ArgumentException">The input is not of the template's input type.</exception>
    public abstract ValueTask<StepResult> RunUntypedAsync(WorkflowRun run, int stepIndex, object? input, object? handoff, CancellationToken cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({Role}, {Tier})";

    private static IReadOnlyList<string> ValidateNames(IEnumerable<string>? names, string id, string what, string parameter)
    {
        if (names is null)
        {
            return Array.Empty<string>();
        }

        var list = names.ToArray();
        if (list.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"Template '{id}': all {what} must be non-empty strings.", parameter);
        }

        return list;
    }
}

/// <summary>An agent template whose agent maps <typeparamref name="TInput"/> to <typeparamref name="TOutput"/>.</summary>
/// <typeparam name="TInput">The agent's input type.</typeparam>
/// <typeparam name="TOutput">The agent's output type.</typeparam>
public sealed class AgentTemplate<TInput, TOutput> : AgentTemplate, IChainStep<TInput, TOutput>
{
    private WorkflowStep? _step;

    /// <summary>This template as a chain step: it runs the agent, handing it the chain's handoff.</summary>
    WorkflowStep IChainStep.Step => _step ??= WorkflowStep.Agent(Id);

    ValueTask<StepResult<TOutput>> IChainStep<TInput, TOutput>.RunAsync(WorkflowRun run, int index, TInput input, object? handoff, CancellationToken cancellationToken) =>
        run.RunAgentAsync(index, this, input, handoff, cancellationToken);

    private readonly Func<IServiceProvider, IAgent<TInput, TOutput>> _factory;

    /// <summary>Creates and validates a template.</summary>
    /// <param name="id">The template id: non-empty, no surrounding whitespace.</param>
    /// <param name="role">The agent's role.</param>
    /// <param name="agentType">The agent's class.</param>
    /// <param name="factory">Creates the agent from the run's services.</param>
    /// <param name="tier">The preferred model tier.</param>
    /// <param name="capabilities">What the agent can do.</param>
    /// <param name="tools">The tools the agent uses.</param>
    /// <param name="defaultInstructions">Default instructions for LLM-backed agents.</param>
    /// <param name="qualityGates">Named thresholds.</param>
    /// <param name="resources">Resource requirements; defaults to <see cref="ResourceRequirements.Default"/>.</param>
    /// <param name="retry">How failures are retried; defaults to <see cref="RetryPolicy.None"/>.</param>
    /// <param name="jsonMetadata">JSON metadata for the input and output types (see <see cref="AgentTemplate.JsonMetadata"/>).</param>
    /// <exception cref="ArgumentException">A value is invalid; the message names the template and the value.</exception>
    public AgentTemplate(
        string id,
        string role,
        Type agentType,
        Func<IServiceProvider, IAgent<TInput, TOutput>> factory,
        ModelTier tier = ModelTier.Capable,
        IEnumerable<string>? capabilities = null,
        IEnumerable<string>? tools = null,
        string? defaultInstructions = null,
        IReadOnlyDictionary<string, double>? qualityGates = null,
        ResourceRequirements? resources = null,
        RetryPolicy? retry = null,
        System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? jsonMetadata = null)
        : base(id, role, agentType, typeof(TInput), typeof(TOutput), tier, capabilities, tools, defaultInstructions, qualityGates, resources, retry, jsonMetadata)
    {
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
    }

    /// <summary>Creates the agent from the given services.</summary>
    /// <exception cref="InvalidOperationException">The factory failed, typically because a constructor dependency is not registered.</exception>
    public IAgent<TInput, TOutput> CreateAgent(IServiceProvider services)
    {
        try
        {
            return _factory(services);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"Could not create agent '{Id}' ({AgentType.FullName}): {ex.Message} Register its dependencies in the service collection passed to the run.",
                ex);
        }
    }

    /// <inheritdoc />
    public override ValueTask<StepResult> RunUntypedAsync(WorkflowRun run, int stepIndex, object? input, object? handoff, CancellationToken cancellationToken)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        if (input is not TInput typed && !(input is null && default(TInput) is null))
        {
            throw new ArgumentException(
                $"Template '{Id}' takes {typeof(TInput).FullName} but was given {input?.GetType().FullName ?? "null"}.",
                nameof(input));
        }

        return Box(run.RunAgentAsync(stepIndex, this, (TInput)input!, handoff, cancellationToken));

        static async ValueTask<StepResult> Box(ValueTask<StepResult<TOutput>> pending) => await pending.ConfigureAwait(false);
    }
}
