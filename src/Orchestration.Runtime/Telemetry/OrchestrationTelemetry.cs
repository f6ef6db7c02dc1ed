using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orchestration.Telemetry;

/// <summary>
/// The names under which runs are traced and measured. Subscribe with OpenTelemetry
/// (<c>.AddSource(OrchestrationTelemetry.SourceName)</c>, <c>.AddMeter(OrchestrationTelemetry.MeterName)</c>) or read
/// the measurements in process with <see cref="MetricsCollector"/>.
/// </summary>
/// <remarks>
/// Spans: <c>workflow {id}</c> for every run and nested run (tags <c>orchestration.workflow.id</c>,
/// <c>orchestration.strategy</c>, <c>orchestration.run.id</c>, <c>orchestration.status</c>), and
/// <c>invoke_agent {template}</c> for every agent step, following OpenTelemetry's GenAI conventions
/// (<c>gen_ai.operation.name</c>, <c>gen_ai.agent.name</c>, <c>gen_ai.usage.input_tokens</c>,
/// <c>gen_ai.usage.output_tokens</c>, <c>error.type</c>; for chat agents also <c>gen_ai.provider.name</c>,
/// <c>gen_ai.request.model</c> and <c>gen_ai.response.model</c>), with an event per failed attempt. Model calls get
/// their own <c>chat</c> spans and GenAI metrics from the chat client's pipeline (Microsoft.Extensions.AI's
/// <c>UseOpenTelemetry()</c>), nested under the agent's span. Instruments: see the constants below; none shares a name
/// with a GenAI client instrument, so a backend that sums by name never counts a token twice. With nothing listening,
/// spans are not created and instruments are not recorded.
/// </remarks>
public static class OrchestrationTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name.</summary>
    public const string SourceName = "Orchestration";

    /// <summary>The <see cref="Meter"/> name.</summary>
    public const string MeterName = "Orchestration";

    /// <summary>Counter of finished top-level runs; tags: workflow, strategy, status.</summary>
    public const string RunsInstrument = "orchestration.runs";

    /// <summary>Histogram of top-level run durations in seconds; tags: workflow, strategy, status.</summary>
    public const string RunDurationInstrument = "orchestration.run.duration";

    /// <summary>Histogram of agent step durations in seconds; tags: agent, status.</summary>
    public const string StepDurationInstrument = "orchestration.step.duration";

    /// <summary>
    /// Histogram of tokens per agent step, over all its model calls and attempts; tags: <c>gen_ai.agent.name</c>,
    /// <c>gen_ai.token.type</c>. Per-call token usage is GenAI's <c>gen_ai.client.token.usage</c>, which the chat client's
    /// pipeline records (Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c>); this one is named apart so that the two
    /// are never summed together.
    /// </summary>
    public const string TokenUsageInstrument = "orchestration.step.token.usage";

    internal static readonly ActivitySource Source = new(SourceName, "0.1.0");
    internal static readonly Meter Meter = new(MeterName, "0.1.0");
    internal static readonly Counter<long> Runs = Meter.CreateCounter<long>(RunsInstrument, "{run}", "Finished workflow runs");
    internal static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>(RunDurationInstrument, "s", "Duration of workflow runs");
    internal static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(StepDurationInstrument, "s", "Duration of agent steps");
    internal static readonly Histogram<long> Tokens = Meter.CreateHistogram<long>(TokenUsageInstrument, "{token}", "Tokens used by agent steps");

    internal static Activity? StartWorkflow(WorkflowRun run)
    {
        var activity = Source.HasListeners() ? Source.StartActivity("workflow " + run.Workflow.Id) : null;
        if (activity is not null)
        {
            activity.SetTag("orchestration.workflow.id", run.Workflow.Id);
            activity.SetTag("orchestration.strategy", run.Workflow.Strategy);
            activity.SetTag("orchestration.run.id", run.RunId);
        }

        return activity;
    }

    internal static void EndWorkflow(Activity? activity, WorkflowRun run, WorkflowResult result, bool topLevel)
    {
        if (activity is not null)
        {
            activity.SetTag("orchestration.status", Status(result.Status));
            if (result.Wait is { } wait)
            {
                // Stopping to wait is not an error: the span ends here, and the continued run has a span of its own.
                activity.SetTag("orchestration.wait.step", wait.StepId);
            }
            else if (!result.Succeeded)
            {
                activity.SetStatus(ActivityStatusCode.Error, result.Errors.Count > 0 ? result.Errors[0] : null);
            }

            activity.Dispose();
        }

        if (topLevel && !result.Succeeded && result.Status != WorkflowStatus.Waiting)
        {
            OrchestrationLog.RunFailed(OrchestrationLog.For(run.Services), run.RunId, run.Workflow.Id, Status(result.Status),
                result.Errors.Count > 0 ? result.Errors[0] : Status(result.Status));
        }

        // A run that stops to wait has not finished: it is counted when it ends, in the process that continues it.
        if (topLevel && result.Status != WorkflowStatus.Waiting && (Runs.Enabled || RunDuration.Enabled))
        {
            var tags = new TagList
            {
                { "orchestration.workflow.id", run.Workflow.Id },
                { "orchestration.strategy", run.Workflow.Strategy },
                { "orchestration.status", Status(result.Status) },
            };
            Runs.Add(1, tags);
            RunDuration.Record(result.Duration.TotalSeconds, tags);
        }
    }

    internal static Activity? StartAgent(AgentTemplate template)
    {
        // The span name is only built when someone listens.
        var activity = Source.HasListeners() ? Source.StartActivity(template.SpanName) : null;
        if (activity is not null)
        {
            activity.SetTag("gen_ai.operation.name", "invoke_agent");
            activity.SetTag("gen_ai.agent.name", template.Id);
            activity.SetTag("orchestration.tier", template.Tier.ToString());
        }

        return activity;
    }

    internal static void EndAgent(Activity? activity, StepResult result)
    {
        if (activity is not null)
        {
            activity.SetTag("orchestration.status", Status(result.Status));
            activity.SetTag("orchestration.attempts", result.Attempts);
            if (result.Usage.TotalTokens > 0)
            {
                activity.SetTag("gen_ai.usage.input_tokens", result.Usage.InputTokens);
                activity.SetTag("gen_ai.usage.output_tokens", result.Usage.OutputTokens);
            }

            if (!result.Succeeded)
            {
                activity.SetTag("error.type", result.Exception?.GetType().FullName ?? Status(result.Status));
                activity.SetStatus(ActivityStatusCode.Error, result.Error);
            }

            activity.Dispose();
        }

        if (StepDuration.Enabled)
        {
            StepDuration.Record(result.Duration.TotalSeconds, new TagList { { "gen_ai.agent.name", result.StepId }, { "orchestration.status", Status(result.Status) } });
        }

        if (Tokens.Enabled && result.Usage.TotalTokens > 0)
        {
            Tokens.Record(result.Usage.InputTokens, new TagList { { "gen_ai.agent.name", result.StepId }, { "gen_ai.token.type", "input" } });
            Tokens.Record(result.Usage.OutputTokens, new TagList { { "gen_ai.agent.name", result.StepId }, { "gen_ai.token.type", "output" } });
        }
    }

    /// <summary>
    /// Tags the span of <paramref name="context"/>'s step with the model call's provider and models (GenAI's
    /// <c>gen_ai.provider.name</c>, <c>gen_ai.request.model</c>, <c>gen_ai.response.model</c>).
    /// </summary>
    internal static void TagModel(AgentContext context, Microsoft.Extensions.AI.IChatClient client, string? requestModel, string? responseModel)
    {
        if (AgentSpan(context) is { } activity)
        {
            // Asked of the client only when a span listens.
            var metadata = client.GetService(typeof(Microsoft.Extensions.AI.ChatClientMetadata)) as Microsoft.Extensions.AI.ChatClientMetadata;
            var provider = metadata?.ProviderName;
            requestModel ??= metadata?.DefaultModelId;
            if (provider is not null)
            {
                activity.SetTag("gen_ai.provider.name", provider);
            }

            if (requestModel is not null)
            {
                activity.SetTag("gen_ai.request.model", requestModel);
            }

            if (responseModel is not null)
            {
                activity.SetTag("gen_ai.response.model", responseModel);
            }
        }
    }

    /// <summary>Adds an event for a failed attempt to the span of <paramref name="context"/>'s step.</summary>
    internal static void AttemptFailed(AgentContext context, string error)
    {
        if (AgentSpan(context) is { } activity)
        {
            activity.AddEvent(new ActivityEvent("orchestration.attempt.failed", tags: new ActivityTagsCollection
            {
                { "orchestration.attempt", context.Attempt },
                { "error.message", error },
            }));
        }
    }

    /// <summary>
    /// The span of the step <paramref name="context"/> belongs to: the current activity, when it is this library's agent
    /// span for the same template (agents run inside it; anything else current is someone else's span, left alone).
    /// </summary>
    private static Activity? AgentSpan(AgentContext context) =>
        Activity.Current is { } current && ReferenceEquals(current.Source, Source) &&
        current.GetTagItem("gen_ai.agent.name") is string agent && string.Equals(agent, context.Template.Id, System.StringComparison.Ordinal)
            ? current
            : null;

    internal static string Status(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Completed => "completed",
        WorkflowStatus.Failed => "failed",
        WorkflowStatus.Cancelled => "cancelled",
        WorkflowStatus.TimedOut => "timed_out",
        WorkflowStatus.Waiting => "waiting",
        _ => "exhausted",
    };

    internal static string Status(StepStatus status) => status switch
    {
        StepStatus.Completed => "completed",
        StepStatus.Failed => "failed",
        StepStatus.Cancelled => "cancelled",
        StepStatus.Waiting => "waiting",
        _ => "timed_out",
    };
}
