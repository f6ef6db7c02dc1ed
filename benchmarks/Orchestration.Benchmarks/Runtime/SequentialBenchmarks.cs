using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Orchestration.Benchmarks.Runtime;

/// <summary>
/// A sequential workflow of N agents that add one, completing synchronously or yielding once each: the generated typed
/// runner against the same calls written by hand (the floor) and against string dispatch through a dictionary and
/// reflection (what run-time orchestrators do).
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Sequential")]
public class SequentialBenchmarks
{
    private StringDispatcher _dispatcher = null!;
    private string[] _names = null!;

    [Params(1, 8, 10, 100)]
    public int Steps { get; set; }

    [Params(false, true)]
    public bool Yield { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var agents = Yield ? Agents.Yielding : Agents.Sync;
        var prefix = Yield ? "yinc" : "inc";
        _names = Enumerable.Range(0, Steps).Select(i => prefix + i).ToArray();
        _dispatcher = new StringDispatcher(agents.Select((a, i) => (prefix + i, (object)a)));
    }

    [Benchmark(Baseline = true)]
    public async Task<int> HandWritten()
    {
        var agents = Yield ? Agents.Yielding : Agents.Sync;
        var value = 0;
        for (var i = 0; i < Steps; i++)
        {
            value = await agents[i].RunAsync(value, null!, CancellationToken.None).ConfigureAwait(false);
        }

        return value;
    }

    [Benchmark]
    public async Task<int> GeneratedRunner() => (Steps, Yield) switch
    {
        (1, false) => (await Seq1.RunAsync(0).ConfigureAwait(false)).Output,
        (8, false) => (await Seq8.RunAsync(0).ConfigureAwait(false)).Output,
        (10, false) => (await Seq10.RunAsync(0).ConfigureAwait(false)).Output,
        (100, false) => (await Seq100.RunAsync(0).ConfigureAwait(false)).Output,
        (1, true) => (await YieldSeq1.RunAsync(0).ConfigureAwait(false)).Output,
        (8, true) => (await YieldSeq8.RunAsync(0).ConfigureAwait(false)).Output,
        (10, true) => (await YieldSeq10.RunAsync(0).ConfigureAwait(false)).Output,
        _ => (await YieldSeq100.RunAsync(0).ConfigureAwait(false)).Output,
    };

    [Benchmark]
    public async Task<int> StringDispatch() => (int)(await _dispatcher.RunAsync(_names, 0).ConfigureAwait(false))!;
}
