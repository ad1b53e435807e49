using System.CommandLine;
using ChatBot.Host.Load;

namespace ChatBot.Host.Cli;

/// <summary><c>load</c>: the loopback load run behind the README's throughput figures (issue #13).</summary>
public static class LoadCommand
{
    // Everyday questions about the partnership; answered or refused, each is a full trip through the engine.
    private static readonly string[] DefaultQuestions =
    [
        "When is the next council?",
        "Who co-chaired the first Digital Partnership Council?",
        "Where was the first council held?",
        "What is planned for HPC?",
        "What does the partnership say about semiconductors?",
        "Is there cooperation on 5G and 6G?",
        "what about quantum?",
        "Who won the football cup?",
    ];

    public static Command Create(CliContext cli)
    {
        var targets = new Option<string[]>("--target")
        {
            Description = "Worker base URL; repeat for several workers (requests go round-robin).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var kind = new Option<string>("--kind") { Description = "ask (POST /api/ask) or teams (POST /api/messages, Emulator activities).", DefaultValueFactory = _ => LoadClient.Ask };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients, each sending its next request when the last one answered.", DefaultValueFactory = _ => 50 };
        var duration = new Option<TimeSpan>("--duration") { Description = "Measured time (after the warm-up).", DefaultValueFactory = _ => TimeSpan.FromSeconds(20) };
        var warmup = new Option<TimeSpan>("--warmup") { Description = "Unmeasured time first (JIT, caches, connections).", DefaultValueFactory = _ => TimeSpan.FromSeconds(5) };
        var rate = new Option<double>("--rate") { Description = "Requests per second in all, on a fixed schedule (open loop); 0: each client sends again as soon as answered.", DefaultValueFactory = _ => 0 };
        var questions = new Option<string?>("--questions") { Description = "File with one question per line (default: a built-in mix)." };
        var command = new Command("load", "Send concurrent /api/ask or Teams /api/messages traffic to running workers on this machine and print p50/p99, throughput and errors.")
        {
            targets, kind, clients, duration, warmup, questions, rate,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var urls = new List<Uri>();
            foreach (var text in parseResult.GetValue(targets) ?? [])
            {
                // Loopback only: this is a load generator, and the only servers it may load are this machine's.
                if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) || !url.IsLoopback)
                {
                    cli.Error.WriteLine($"load: --target must be an http URL on this machine (127.0.0.1, localhost or [::1]), got '{text}'");
                    return 2;
                }
                urls.Add(url);
            }
            var k = parseResult.GetValue(kind);
            var c = parseResult.GetValue(clients);
            var d = parseResult.GetValue(duration);
            var w = parseResult.GetValue(warmup);
            var r = parseResult.GetValue(rate);
            if (k is not (LoadClient.Ask or LoadClient.Teams) || c is < 1 or > 1000 || d <= TimeSpan.Zero || d > TimeSpan.FromMinutes(10) || w < TimeSpan.Zero || w > TimeSpan.FromMinutes(2)
                || !double.IsFinite(r) || r is < 0 or > 100_000)
            {
                cli.Error.WriteLine("load: --kind must be ask or teams, --clients 1..1000, --duration up to 10 minutes, --warmup up to 2 minutes, --rate 0..100000");
                return 2;
            }
            IReadOnlyList<string> asked = DefaultQuestions;
            if (parseResult.GetValue(questions) is { } file)
            {
                if (!File.Exists(file))
                {
                    cli.Error.WriteLine($"load: question file not found: {file}");
                    return 2;
                }
                asked = [.. (await File.ReadAllLinesAsync(file, cancellationToken)).Select(l => l.Trim()).Where(l => l.Length > 0)];
                if (asked.Count == 0)
                {
                    cli.Error.WriteLine($"load: no questions in {file}");
                    return 2;
                }
            }
            var report = await LoadClient.RunAsync(new LoadPlan(k, urls, c, d, w, asked, Rate: r), cancellationToken);
            cli.Output.WriteLine(report.Format());
            return report.Errors == 0 ? 0 : 1;
        });
        return command;
    }
}
