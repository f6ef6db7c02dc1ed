using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Orchestration.Benchmarks.Runtime;

/// <summary>The same 10 agents inlined in one workflow, and wrapped in 1 and 3 levels of nested workflows.</summary>
[MemoryDiagnoser]
[BenchmarkCategory("Nesting")]
public class NestingBenchmarks
{
    [Benchmark(Baseline = true)]
    public async Task<int> Inlined() => (await Seq10.RunAsync(0).ConfigureAwait(false)).Output;

    [Benchmark]
    public async Task<int> NestedOneLevel() => (await Nest1.RunAsync(0).ConfigureAwait(false)).Output;

    [Benchmark]
    public async Task<int> NestedThreeLevels() => (await Nest3.RunAsync(0).ConfigureAwait(false)).Output;
}
