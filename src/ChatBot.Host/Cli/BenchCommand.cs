using System.CommandLine;
using System.Globalization;
using ChatBot.Core.Evaluation;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Semantic;
using Microsoft.Extensions.Options;

namespace ChatBot.Host.Cli;

public static class BenchCommand
{
    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    public static Command Create(CliContext cli)
    {
        var passages = new Option<int>("--passages") { Description = "Synthetic passages to index (up to 100000).", DefaultValueFactory = _ => 10_000 };
        var queries = new Option<int>("--queries") { Description = "Questions to time.", DefaultValueFactory = _ => 500 };
        var vectors = new Option<string?>("--vectors")
        {
            Description = "Vector cache folder a run reuses and extends (default: <temp>/chatbot-bench-vectors), so only the first run embeds.",
        };
        var standIns = new Option<bool>("--stand-ins")
        {
            Description = "Passages without a cached vector get a random stand-in instead of the model's (latency and memory only).",
        };
        var throughput = new Option<int>("--throughput")
        {
            Description = "Passages the model embeds fresh to time it (0: skip).",
            DefaultValueFactory = _ => 2_000,
        };
        var command = new Command("bench", "Benchmark indexing and answering over a synthetic corpus (with --lexical: without the embedding model).")
        {
            passages, queries, vectors, standIns, throughput,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var n = parseResult.GetValue(passages);
            var q = parseResult.GetValue(queries);
            var t = parseResult.GetValue(throughput);
            if (n is < 10 or > 1_000_000 || q is < 1 or > 100_000 || t is < 0 or > 1_000_000)
            {
                cli.Error.WriteLine("bench: --passages must be 10..1000000, --queries 1..100000 and --throughput 0..1000000");
                return 2;
            }
            string synonyms;
            SemanticOptions? semantic;
            using (var host = cli.CreateHost(parseResult))
            {
                try
                {
                    var options = host.Services.GetRequiredService<IOptions<IndexOptions>>().Value;
                    synonyms = Path.GetFullPath(options.SynonymsPath, AppContext.BaseDirectory);
                    var semanticOptions = host.Services.GetRequiredService<IOptions<SemanticOptions>>().Value;
                    semantic = semanticOptions.Enabled ? semanticOptions : null;
                }
                catch (OptionsValidationException ex)
                {
                    cli.Error.WriteLine($"bench: {ex.Message}");
                    return 2;
                }
            }
            var cache = semantic is null ? null : CliContext.ResolvePath(parseResult.GetValue(vectors) ?? Path.Combine(Path.GetTempPath(), "chatbot-bench-vectors"));
            var scratch = Path.Combine(Path.GetTempPath(), "chatbot-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                var progress = new Progress<string>(step => cli.Error.WriteLine($"bench: {step}"));
                var settings = new BenchmarkSettings(n, q, semantic, cache, parseResult.GetValue(standIns), t);
                var result = await new EngineBenchmark(scratch, synonyms).RunAsync(settings, progress, cancellationToken);
                var c = CultureInfo.InvariantCulture;
                cli.Output.WriteLine(string.Create(c, $"passages: {result.Passages} in {result.Documents} documents"));
                cli.Output.WriteLine(string.Create(c, $"index time: {result.IndexTime.TotalSeconds:0.00} s"));
                if (result.StartUp is { } startUp)
                {
                    cli.Output.WriteLine(string.Create(c, $"start-up answers (first {startUp.Answers} after {startUp.WarmedUpWith} warm-up questions, JIT still compiling): p50 {startUp.P50Ms:0.000} ms, p99 {startUp.P99Ms:0.000} ms; background JIT {startUp.BackgroundJitMs:0} ms in all"));
                }
                if (result.WarmUp is { } warmUp)
                {
                    var last = warmUp.Windows.Count > 0 ? warmUp.Windows[^1] : null;
                    cli.Output.WriteLine(string.Create(c, $"warm-up: {warmUp.Questions} questions of its own, {(warmUp.Settled ? "JIT quiet" : "JIT NOT quiet at the cap")} (last window: {last?.JitMs ?? 0:0.0} ms JIT in {last?.ProcessCpuMs ?? 0:0} ms CPU)"));
                }
                cli.Output.WriteLine(string.Create(c, $"answers (steady state, timed questions): {result.Queries} ({result.Answered} answered), p50 {result.AnswerP50Ms:0.000} ms, p99 {result.AnswerP99Ms:0.000} ms"));
                if (result.TimedPass is { } pass)
                {
                    cli.Output.WriteLine(string.Create(c, $"timed pass CPU (answer + bare search, all threads): {pass.PerQuestionMs:0.000} ms per question; background JIT {pass.BackgroundJitMs:0} ms in all"));
                }
                if (result.AnswerCpu is { } cpu)
                {
                    cli.Output.WriteLine(string.Create(c, $"answer CPU (user + system, all threads): {cpu.TotalMs:0.000} ms per answer ({cpu.UserMs:0.000} user, {cpu.SystemMs:0.000} system; {cpu.Answers} answers), {cpu.AllocatedBytes / 1024.0:0} KB allocated per answer; GC pauses {cpu.GcPauseMs:0.000} ms per answer, collections gen0/1/2 {cpu.Collections.Gen0}/{cpu.Collections.Gen1}/{cpu.Collections.Gen2}; background JIT {cpu.BackgroundJitMs:0} ms in all"));
                    cli.Output.WriteLine(string.Create(c, $"answer CPU per answer: p50 {cpu.P50Ms:0.000} ms, p99 {cpu.P99Ms:0.000} ms"));
                    foreach (var (question, cpuMs) in cpu.Slowest)
                    {
                        cli.Output.WriteLine(string.Create(c, $"  {cpuMs,7:0.0} ms CPU: {question}"));
                    }
                }
                cli.Output.WriteLine(string.Create(c, $"bare search: p50 {result.SearchP50Ms:0.000} ms, p99 {result.SearchP99Ms:0.000} ms"));
                cli.Output.WriteLine(string.Create(c, $"answer/search ratio: p50 {result.RatioP50:0.00}, p99 {result.RatioP99:0.00}"));
                cli.Output.WriteLine(string.Create(c, $"peak working set: {result.PeakWorkingSetBytes / (1024.0 * 1024.0):0} MB"));
                foreach (var m in result.Memory)
                {
                    cli.Output.WriteLine(string.Create(c, $"  memory after {m.Step}: managed heap {Mb(m.HeapBytes):0} MB, working set {Mb(m.WorkingSetBytes):0} MB, peak so far {Mb(m.PeakWorkingSetBytes):0} MB (GC committed {Mb(m.CommittedBytes):0} MB, mapped files {Mb(m.MappedFileBytes):0} MB)"));
                }
                if (result.Semantic is { } s)
                {
                    cli.Output.WriteLine(string.Create(c, $"model: {s.Model}; vectors: {s.FromCache} from cache, {s.Embedded} embedded now, {s.StandIns} stand-ins, ready in {s.VectorsTime.TotalSeconds:0.0} s"));
                    foreach (var timed in s.Throughput)
                    {
                        cli.Output.WriteLine(string.Create(c, $"embedding throughput, {timed.Threads} thread(s): {timed.PassagesPerSecond:0.0} passages/s ({timed.Passages} passages; {timed.PerCpuSecond:0.0} per CPU-second)"));
                    }
                    cli.Output.WriteLine(string.Create(c, $"question embedding: p50 {s.QueryEmbedP50Ms:0.000} ms, p99 {s.QueryEmbedP99Ms:0.000} ms"));
                    cli.Output.WriteLine(string.Create(c, $"retrieval, lexical: p50 {s.LexicalSearchP50Ms:0.000} ms, p99 {s.LexicalSearchP99Ms:0.000} ms"));
                    cli.Output.WriteLine(string.Create(c, $"retrieval, hybrid (embedding + scan + fusion): p50 {s.HybridSearchP50Ms:0.000} ms, p99 {s.HybridSearchP99Ms:0.000} ms"));
                    foreach (var scan in s.Scan)
                    {
                        cli.Output.WriteLine(string.Create(c, $"vector scan alone, {scan.Kernel} kernel ({scan.Rows} rows, one thread, {scan.Scans} scans): {scan.CpuMsPerScan:0.000} ms CPU per scan"));
                    }
                    if (s.Scan.Count > 0)
                    {
                        cli.Output.WriteLine($"vector scan kernels agree on every query's nearest rows: {(s.ScanKernelsAgree ? "yes" : "NO")}");
                    }
                }
                return 0;
            }
            finally
            {
                try
                {
                    Directory.Delete(scratch, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        });
        return command;
    }
}
