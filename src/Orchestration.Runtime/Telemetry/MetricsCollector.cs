using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;

namespace Orchestration.Telemetry;

/// <summary>
/// Collects the orchestration instruments in process, for applications without a metrics collector, and summarizes
/// them on demand (django-cfg's <c>get_metrics()</c>). Counts every run and step finished while it is alive, in any
/// registry; dispose it to stop listening.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _runsByStrategy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentTally> _agents = new(StringComparer.Ordinal);
    private int _runs;
    private int _succeeded;
    private double _runSeconds;

    /// <summary>Starts listening.</summary>
    public MetricsCollector()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OrchestrationTelemetry.MeterName &&
                instrument.Name is OrchestrationTelemetry.RunDurationInstrument or OrchestrationTelemetry.StepDurationInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>A summary of what was measured so far.</summary>
    public MetricsSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new MetricsSnapshot(
                _runs,
                _runs == 0 ? 0 : (double)_succeeded / _runs,
                _runs == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(_runSeconds / _runs),
                _runsByStrategy.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).FirstOrDefault(),
                _agents.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(
                    p => p.Key,
                    p => new AgentMetrics(p.Value.Executions, TimeSpan.FromSeconds(p.Value.Seconds / p.Value.Executions), (double)p.Value.Errors / p.Value.Executions),
                    StringComparer.Ordinal));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? strategy = null, agent = null, status = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "orchestration.strategy": strategy = tag.Value as string; break;
                case "gen_ai.agent.name": agent = tag.Value as string; break;
                case "orchestration.status": status = tag.Value as string; break;
            }
        }

        lock (_gate)
        {
            if (instrument.Name == OrchestrationTelemetry.RunDurationInstrument)
            {
                _runs++;
                _runSeconds += seconds;
                _succeeded += status == "completed" ? 1 : 0;
                if (strategy is not null)
                {
                    _runsByStrategy[strategy] = _runsByStrategy.TryGetValue(strategy, out var count) ? count + 1 : 1;
                }
            }
            else if (agent is not null)
            {
                if (!_agents.TryGetValue(agent, out var tally))
                {
                    _agents[agent] = tally = new AgentTally();
                }

                tally.Executions++;
                tally.Seconds += seconds;
                tally.Errors += status == "completed" ? 0 : 1;
            }
        }
    }

    private sealed class AgentTally
    {
        public int Executions;
        public double Seconds;
        public int Errors;
    }
}

/// <summary>A summary of runs and steps measured by a <see cref="MetricsCollector"/>.</summary>
/// <param name="TotalExecutions">Top-level runs finished.</param>
/// <param name="SuccessRate">The share of them that completed (0 to 1).</param>
/// <param name="AverageDuration">Their average duration.</param>
/// <param name="MostUsedPattern">The strategy run most often, or <see langword="null"/> before any run.</param>
/// <param name="Agents">Per agent template id: executions, average time and error rate.</param>
public sealed record MetricsSnapshot(
    int TotalExecutions,
    double SuccessRate,
    TimeSpan AverageDuration,
    string? MostUsedPattern,
    IReadOnlyDictionary<string, AgentMetrics> Agents);

/// <summary>What one agent did, over the steps a <see cref="MetricsCollector"/> saw.</summary>
/// <param name="Executions">Steps run (a step with retries counts once).</param>
/// <param name="AverageTime">Their average duration.</param>
/// <param name="ErrorRate">The share that did not complete (0 to 1).</param>
public sealed record AgentMetrics(int Executions, TimeSpan AverageTime, double ErrorRate);
