using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Orchestration.Benchmarks.Runtime;

/// <summary>A parallel workflow of width W against Task.WhenAll over the same agents.</summary>
[MemoryDiagnoser]
[BenchmarkCategory("FanOut")]
public class FanOutBenchmarks
{
    [Params(2, 8, 64)]
    public int Width { get; set; }

    [Params(false, true)]
    public bool Yield { get; set; }

    [Benchmark(Baseline = true)]
    public async Task<int> TaskWhenAll()
    {
        var agents = Yield ? Agents.Yielding : Agents.Sync;
        var pending = new Task<int>[Width];
        for (var i = 0; i < Width; i++)
        {
            pending[i] = agents[i].RunAsync(0, null!, CancellationToken.None).AsTask();
        }

        var results = await Task.WhenAll(pending).ConfigureAwait(false);
        return results.Length;
    }

    [Benchmark]
    public async Task<object> GeneratedRunner() => (Width, Yield) switch
    {
        (2, false) => (await Fan2.RunAsync(0).ConfigureAwait(false)).Output,
        (8, false) => (await Fan8.RunAsync(0).ConfigureAwait(false)).Output,
        (64, false) => (await Fan64.RunAsync(0).ConfigureAwait(false)).Output,
        (2, true) => (await YieldFan2.RunAsync(0).ConfigureAwait(false)).Output,
        (8, true) => (await YieldFan8.RunAsync(0).ConfigureAwait(false)).Output,
        _ => (await YieldFan64.RunAsync(0).ConfigureAwait(false)).Output,
    };
}
