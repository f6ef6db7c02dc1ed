using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Orchestration.Telemetry;

namespace Orchestration.Runtime.Tests;

/// <summary>Listeners are process-wide: these tests run alone so that other tests' runs do not show up in them.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    private static OrchestrationRegistry Registry()
    {
        var registry = new OrchestrationRegistry();
        registry.Templates.Register(TestAgents.Sync<string, string>("upper", s => s.ToUpperInvariant()));
        registry.Templates.Register(TestAgents.Sync<string, int>("length", s => s.Length));
        registry.Templates.Register(TestAgents.Sync<string, int>("broken", _ => throw new FormatException("bad input")));
        registry.Workflows.Register(new WorkflowDefinition("shout", "sequential", [WorkflowStep.Agent("upper")]));
        registry.Workflows.Register(new WorkflowDefinition("measure", "nested_sequential", [WorkflowStep.Workflow("shout"), WorkflowStep.Agent("length")]));
        registry.Workflows.Register(new WorkflowDefinition("fails", "sequential", [WorkflowStep.Agent("broken")]));
        return registry;
    }

    [Fact]
    public async Task Runs_nested_runs_and_agent_steps_become_nested_spans_with_genai_tags()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OrchestrationTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var registry = Registry();
        var ok = await registry.RunAsync("measure", "hi");
        var failed = await registry.RunAsync("fails", "hi");

        var byName = spans.ToLookup(s => s.DisplayName);
        var measure = byName["workflow measure"].Single();
        var shout = byName["workflow shout"].Single();
        Assert.Equal(measure.SpanId, shout.ParentSpanId);
        Assert.Equal(shout.SpanId, byName["invoke_agent upper"].Single().ParentSpanId);
        Assert.Equal(measure.SpanId, byName["invoke_agent length"].Single().ParentSpanId);
        Assert.Equal(("nested_sequential", ok.RunId, "completed"), (measure.GetTagItem("orchestration.strategy"), measure.GetTagItem("orchestration.run.id"), measure.GetTagItem("orchestration.status")));
        var length = byName["invoke_agent length"].Single();
        Assert.Equal(("invoke_agent", "length"), (length.GetTagItem("gen_ai.operation.name"), length.GetTagItem("gen_ai.agent.name")));

        var broken = byName["invoke_agent broken"].Single();
        Assert.Equal(ActivityStatusCode.Error, broken.Status);
        Assert.Equal("System.FormatException", broken.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, byName["workflow fails"].Single().Status);
        Assert.False(failed.Succeeded);
    }

    [Fact]
    public async Task The_metrics_snapshot_summarizes_runs_and_agents()
    {
        using var metrics = new MetricsCollector();
        var registry = Registry();

        await registry.RunAsync("measure", "hi");
        await registry.RunAsync("measure", "hello");
        await registry.RunAsync("fails", "x");

        var snapshot = metrics.Snapshot();
        Assert.Equal(3, snapshot.TotalExecutions);
        Assert.Equal(2.0 / 3, snapshot.SuccessRate, 6);
        Assert.Equal("nested_sequential", snapshot.MostUsedPattern);
        Assert.True(snapshot.AverageDuration > TimeSpan.Zero);
        Assert.Equal((2, 0.0), (snapshot.Agents["upper"].Executions, snapshot.Agents["upper"].ErrorRate));
        Assert.Equal((1, 1.0), (snapshot.Agents["broken"].Executions, snapshot.Agents["broken"].ErrorRate));
    }

    [Fact]
    public void A_collector_before_any_run_reports_nothing()
    {
        using var metrics = new MetricsCollector();

        var snapshot = metrics.Snapshot();

        Assert.Equal((0, 0.0, TimeSpan.Zero, (string?)null), (snapshot.TotalExecutions, snapshot.SuccessRate, snapshot.AverageDuration, snapshot.MostUsedPattern));
        Assert.Empty(snapshot.Agents);
    }
}
