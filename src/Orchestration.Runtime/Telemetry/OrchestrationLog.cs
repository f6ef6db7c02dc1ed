using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestration.Telemetry;

/// <summary>
/// What the orchestration logs, through source-generated <see cref="LoggerMessageAttribute"/> methods (no formatting or
/// boxing unless the level is enabled). Category: <c>Orchestration</c>; event ids 1 to 99.
/// </summary>
internal static partial class OrchestrationLog
{
    /// <summary>The category every message is logged under.</summary>
    public const string Category = "Orchestration";

    /// <summary>The logger of <paramref name="services"/>' logger factory, or a logger that does nothing.</summary>
    public static ILogger For(IServiceProvider? services) =>
        services?.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory ? factory.CreateLogger(Category) : NullLogger.Instance;

    [LoggerMessage(EventId = 1, EventName = "RunFailed", Level = LogLevel.Error,
        Message = "Run {RunId} of workflow '{WorkflowId}' ended {Status}: {Error}")]
    public static partial void RunFailed(ILogger logger, string runId, string workflowId, string status, string error);

    [LoggerMessage(EventId = 2, EventName = "StepRetrying", Level = LogLevel.Warning,
        Message = "Run {RunId}, step {StepIndex} '{TemplateId}': attempt {Attempt} failed, trying again: {Error}")]
    public static partial void StepRetrying(ILogger logger, string runId, int stepIndex, string templateId, int attempt, string error);

    [LoggerMessage(EventId = 3, EventName = "StepFailed", Level = LogLevel.Warning,
        Message = "Run {RunId}, step {StepIndex} '{TemplateId}' ended {Status} after {Attempts} attempt(s): {Error}")]
    public static partial void StepFailed(ILogger logger, string runId, int stepIndex, string templateId, string status, int attempts, string error);

    [LoggerMessage(EventId = 4, EventName = "ToolCallRefused", Level = LogLevel.Error,
        Message = "Run {RunId}, step {StepIndex} '{TemplateId}': the model called tool '{Tool}', which the chat client did not invoke")]
    public static partial void ToolCallRefused(ILogger logger, string runId, int stepIndex, string templateId, string tool);
}
