using System;

namespace Orchestration;

/// <summary>What an agent knows about the step it is running in. One instance per step attempt.</summary>
public sealed class AgentContext
{
    private double? _confidence;

    internal AgentContext(WorkflowRun run, AgentTemplate template, int stepIndex, int attempt, object? handoff)
    {
        Run = run;
        Template = template;
        StepIndex = stepIndex;
        Attempt = attempt;
        Handoff = handoff;
    }

    /// <summary>
    /// What an earlier step hands this one, when the strategy passes something beyond the input: for the expert of a
    /// <c>teaching</c> workflow, a <see cref="TeachingHandoff"/> with the junior's attempt and why it was not kept.
    /// </summary>
    public object? Handoff { get; }

    /// <summary>The run this step belongs to.</summary>
    public WorkflowRun Run { get; }

    /// <summary>The template being run.</summary>
    public AgentTemplate Template { get; }

    /// <summary>The run id.</summary>
    public string RunId => Run.RunId;

    /// <summary>The id of the workflow that owns the step.</summary>
    public string WorkflowId => Run.Workflow.Id;

    /// <summary>The step's 1-based position in its workflow.</summary>
    public int StepIndex { get; }

    /// <summary>The 1-based attempt number.</summary>
    public int Attempt { get; }

    /// <summary>The services the run was started with.</summary>
    public IServiceProvider Services => Run.Services;

    /// <summary>
    /// How confident the agent is in its output, between 0 and 1. Strategies that route on confidence read it from
    /// the step result; leave it unset when the agent has no such measure.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 0 and 1.</exception>
    public double? Confidence
    {
        get => _confidence;
        set
        {
            if (value is { } v && (double.IsNaN(v) || v < 0 || v > 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Confidence must be between 0 and 1.");
            }

            _confidence = value;
        }
    }
}
