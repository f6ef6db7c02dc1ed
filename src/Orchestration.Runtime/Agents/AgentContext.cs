using System;
using Orchestration.Telemetry;

namespace Orchestration;

/// <summary>What an agent knows about the step it is running in. One instance per step attempt.</summary>
/// <remarks>Usage is recorded under a lock on the instance itself (it is never shared beyond its attempt).</remarks>
public sealed class AgentContext
{
    private double? _confidence;
    private TokenUsage _usage = TokenUsage.None;
    // Boxed: most steps record no cost, and a nullable decimal field would make every context 24 bytes larger.
    private System.Runtime.CompilerServices.StrongBox<decimal>? _cost;
    private readonly System.Collections.Generic.List<StepLogEntry>? _log;

    internal AgentContext(WorkflowRun run, AgentTemplate template, int stepIndex, int attempt, object? handoff, System.Collections.Generic.List<StepLogEntry>? log = null)
    {
        _log = log;
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

    /// <summary>
    /// The 1-based number of this try of the step, counting every try before it: the run engine's retries and the
    /// agent's own (see <see cref="RecordRetry"/>).
    /// </summary>
    public int Attempt { get; private set; }

    /// <summary>The services the run was started with.</summary>
    public IServiceProvider Services => Run.Services;

    /// <summary>Tokens this attempt has consumed so far; see <see cref="RecordUsage"/>.</summary>
    public TokenUsage Usage
    {
        get
        {
            lock (this)
            {
                return _usage;
            }
        }
    }

    /// <summary>The usage recorded so far, read without the lock: only once the agent has returned.</summary>
    internal TokenUsage UsageUnlocked => _usage;

    /// <summary>The cost recorded so far, read without the lock: only once the agent has returned.</summary>
    internal decimal? CostUnlocked => _cost?.Value;

    /// <summary>What this attempt has cost so far, when known.</summary>
    public decimal? Cost
    {
        get
        {
            lock (this)
            {
                return _cost?.Value;
            }
        }
    }

    /// <summary>Adds the tokens (and, when known, the cost) of one model call to this step's totals.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="usage"/> is null.</exception>
    public void RecordUsage(TokenUsage usage, decimal? cost = null)
    {
        if (usage is null)
        {
            throw new ArgumentNullException(nameof(usage));
        }

        lock (this)
        {
            _usage += usage;
            if (cost is { } value)
            {
                _cost ??= new System.Runtime.CompilerServices.StrongBox<decimal>(0m);
                _cost.Value += value;
            }
        }
    }

    /// <summary>
    /// Whether <see cref="Log"/> keeps what it is given: only when the run has somewhere to keep it (a run store). Check
    /// it before composing an expensive entry.
    /// </summary>
    public bool IsLogged => _log is not null;

    /// <summary>
    /// Adds an entry to this step's log (kept with the step in the run record's step file when the run has a store):
    /// what the agent sent and received, for example a composed prompt and a raw model reply.
    /// </summary>
    /// <param name="kind">What the entry is, for example <c>prompt</c> or <c>reply</c>.</param>
    /// <param name="text">The text.</param>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is blank.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public void Log(string kind, string text)
    {
        if (string.IsNullOrWhiteSpace(kind))
        {
            throw new ArgumentException("A step log entry needs a kind, for example \"prompt\" or \"reply\".", nameof(kind));
        }

        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        if (_log is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(new StepLogEntry(Attempt, kind, text));
        }
    }

    /// <summary>
    /// Records that this try failed with <paramref name="error"/> and that the agent tries again within the same step
    /// (a chat agent asking its model again, for example). The error is kept in the step's log (kind <c>error</c>),
    /// logged through the run's <c>ILogger</c> and added to the step's span; the next try is a new attempt:
    /// <see cref="Attempt"/> grows by one, and so does the step's <see cref="StepResult.Attempts"/>.
    /// </summary>
    /// <param name="error">What went wrong, in words a reader of the log understands.</param>
    /// <exception cref="ArgumentException"><paramref name="error"/> is blank.</exception>
    public void RecordRetry(string error)
    {
        if (string.IsNullOrWhiteSpace(error))
        {
            throw new ArgumentException("A retry needs the error that caused it.", nameof(error));
        }

        Log("error", error);
        OrchestrationTelemetry.AttemptFailed(this, error);
        var logger = OrchestrationLog.For(Services);
        OrchestrationLog.StepRetrying(logger, RunId, StepIndex, Template.Id, Attempt, error);
        Attempt++;
    }

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
