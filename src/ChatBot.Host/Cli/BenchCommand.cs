using System.CommandLine;
using System.Globalization;
using ChatBot.Core.Evaluation;
using ChatBot.Core.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatBot.Host.Cli;

public static class BenchCommand
{
    public static Command Create(CliContext cli)
    {
        var passages = new Option<int>("--passages") { Description = "Synthetic passages to index (up to 100000).", DefaultValueFactory = _ => 10_000 };
        var queries = new Option<int>("--queries") { Description = "Questions to time.", DefaultValueFactory = _ => 500 };
        var command = new Command("bench", "Benchmark indexing and answering over a synthetic corpus.") { passages, queries };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var n = parseResult.GetValue(passages);
            var q = parseResult.GetValue(queries);
            if (n is < 10 or > 1_000_000 || q is < 1 or > 100_000)
            {
                cli.Error.WriteLine("bench: --passages must be 10..1000000 and --queries 1..100000");
                return 2;
            }
            string synonyms;
            using (var host = cli.CreateHost(parseResult))
            {
                var options = host.Services.GetRequiredService<IOptions<IndexOptions>>().Value;
                synonyms = Path.GetFullPath(options.SynonymsPath, AppContext.BaseDirectory);
            }
            var scratch = Path.Combine(Path.GetTempPath(), "chatbot-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                var progress = new Progress<string>(step => cli.Error.WriteLine($"bench: {step}"));
                var result = await new EngineBenchmark(scratch, synonyms).RunAsync(n, q, progress, cancellationToken);
                var c = CultureInfo.InvariantCulture;
                cli.Output.WriteLine(string.Create(c, $"passages: {result.Passages} in {result.Documents} documents"));
                cli.Output.WriteLine(string.Create(c, $"index time: {result.IndexTime.TotalSeconds:0.00} s"));
                cli.Output.WriteLine(string.Create(c, $"answers: {result.Queries} ({result.Answered} answered), p50 {result.AnswerP50Ms:0.000} ms, p99 {result.AnswerP99Ms:0.000} ms"));
                cli.Output.WriteLine(string.Create(c, $"bare search: p50 {result.SearchP50Ms:0.000} ms, p99 {result.SearchP99Ms:0.000} ms"));
                cli.Output.WriteLine(string.Create(c, $"answer/search ratio: p50 {result.RatioP50:0.00}, p99 {result.RatioP99:0.00}"));
                cli.Output.WriteLine(string.Create(c, $"peak working set: {result.PeakWorkingSetBytes / (1024.0 * 1024.0):0} MB"));
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
