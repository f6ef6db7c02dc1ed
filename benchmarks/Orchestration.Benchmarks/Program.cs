using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Everything, full accuracy:   dotnet run -c Release --project benchmarks/Orchestration.Benchmarks -- --filter '*'
// Everything, short (< 5 min): dotnet run -c Release --project benchmarks/Orchestration.Benchmarks -- --short
// Other BenchmarkDotNet options (--filter, --list flat, --job dry, ...) work in both modes. CI runs every case once:
//                              dotnet run -c Release --project benchmarks/Orchestration.Benchmarks -- --filter '*' --job dry --inProcess
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
        // One category per suite, so that the joined table computes each suite's ratios against its own baseline.
        .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)
    : DefaultConfig.Instance;

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Orchestration.Benchmarks.CompileTimeBenchmarks).Assembly).Run(args, config);

// A case that threw (a setup whose synthetic project no longer generates cleanly, say) fails the command, so CI notices.
var failed = summaries.Where(s => s.HasCriticalValidationErrors).Select(s => s.Title)
    .Concat(summaries.SelectMany(s => s.Reports).Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo))
    .ToArray();
foreach (var name in failed)
{
    Console.Error.WriteLine($"Benchmark failed: {name}");
}

return failed.Length == 0 ? 0 : 1;
