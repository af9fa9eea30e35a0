using BenchmarkDotNet.Running;
using Injector.Benchmarks;

// `dotnet run -c Release -- [--quick] --filter '*'` (load/bench.sh wraps this). --quick is ours: a short job.
var quick = args.Contains("--quick");
var rest = args.Where(a => a != "--quick").ToArray();
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkSetup).Assembly).Run(rest, BenchmarkSetup.CreateConfig(quick));
