using BenchmarkDotNet.Running;

// Run everything:            dotnet run -c Release --project benchmarks/Orchestration.Benchmarks -- --filter '*'
// Short mode (a few minutes): add --job short --inProcess
BenchmarkSwitcher.FromAssembly(typeof(Orchestration.Benchmarks.CompileTimeBenchmarks).Assembly).Run(args);
