using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Porch.Benchmarks.Krm.PackageFormatBenchmarks).Assembly).Run(args);
