using System.Diagnostics;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Orchestration.Telemetry;

namespace Orchestration.Benchmarks.Runtime;

/// <summary>A 10-step sequential workflow with nothing listening, and with a listener recording every span.</summary>
[MemoryDiagnoser]
[BenchmarkCategory("Telemetry")]
public class TelemetryBenchmarks
{
    private ActivityListener? _listener;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Listening)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == OrchestrationTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_listener);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _listener?.Dispose();

    [Benchmark]
    public async Task<int> Sequential10() => (await Seq10.RunAsync(0).ConfigureAwait(false)).Output;
}
