using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Everything, full accuracy:   dotnet run -c Release --project benchmarks/Orchestration.Benchmarks -- --filter '*'
// Everything, short (< 5 min): dotnet run -c Release --project benchmarks/Orchestration.Benchmarks -- --short
// Other BenchmarkDotNet options (--filter, --list flat, ...) work in both modes.
var isShort = args.Contains("--short");
args = args.Where(a => a != "--short").ToArray();
if (isShort && !args.Contains("--filter"))
{
    args = args.Concat(new[] { "--filter", "*" }).ToArray();
}

var config = isShort
    ? DefaultConfig.Instance
        .AddJob(Job.Default
            .WithId("Short")
            // In process, three measured iterations of at least 250 ms after two warm-ups: enough to compare ratios
            // measured side by side, not to publish absolute figures with tight error bars.
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(3)
            .WithIterationTime(TimeInterval.FromMilliseconds(250)))
        .WithOptions(ConfigOptions.JoinSummary)
    : DefaultConfig.Instance;

BenchmarkSwitcher.FromAssembly(typeof(Orchestration.Benchmarks.CompileTimeBenchmarks).Assembly).Run(args, config);
