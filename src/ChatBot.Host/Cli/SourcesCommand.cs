using System.CommandLine;
using System.Globalization;
using ChatBot.Core.Sources;

namespace ChatBot.Host.Cli;

/// <summary><c>sources fetch</c> (progress bar, then one line per source) and <c>sources list</c> (state of each source).</summary>
public static class SourcesCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("sources", "Public sources that feed the knowledge base (sources.yaml).");
        command.Subcommands.Add(Fetch(cli));
        command.Subcommands.Add(List(cli));
        return command;
    }

    private static Command Fetch(CliContext cli)
    {
        var dueOnly = new Option<bool>("--due") { Description = "Only sources whose next fetch time has come (default: all)." };
        var command = new Command("fetch", "Fetch the sources now, store new and changed documents and refresh the index.") { dueOnly };
        command.SetAction(async (parseResult, cancellationToken) =>
            await IndexedCommand.RunAsync(cli, parseResult, "sources fetch", refreshIndex: false, async session =>
            {
                var runner = session.Services.GetRequiredService<SourceFetchRunner>();
                var report = await ConsoleProgress.RunAsync(cli.Output, "Fetching",
                    (SourceProgress p) => (p.Done, p.Total, p.CurrentSource),
                    progress => runner.RunAsync(parseResult.GetValue(dueOnly), progress, cancellationToken));
                foreach (var result in report.Results)
                {
                    var outcome = result.Outcome switch
                    {
                        FetchOutcome.Failed => $"FAILED ({result.Failure})",
                        FetchOutcome.NotModified => "not modified",
                        _ => "ok",
                    };
                    cli.Output.WriteLine($"{result.SourceId}: {outcome}: {result.Reason}");
                }
                cli.Output.WriteLine($"Fetched {report.Results.Count} source(s): {report.Added} new, {report.Updated} updated document(s), {report.Failed} failed");
                if (report.RefreshError is { } error)
                {
                    cli.Error.WriteLine($"sources fetch: documents stored but the index was not refreshed: {error}");
                    return 2;
                }
                // Failing sources are reported above, not an error of the command: the rest was fetched.
                return 0;
            }, cancellationToken));
        return command;
    }

    private static Command List(CliContext cli)
    {
        var command = new Command("list", "Each source: last fetch, outcome and reason, documents stored, next fetch.");
        command.SetAction(async (parseResult, cancellationToken) =>
            await IndexedCommand.RunAsync(cli, parseResult, "sources list", refreshIndex: false, async session =>
            {
                var catalog = session.Services.GetRequiredService<SourceCatalog>();
                var sources = catalog.Load();
                if (sources.Count == 0)
                {
                    cli.Output.WriteLine($"No sources in {catalog.Path}.");
                    return 0;
                }
                var states = (await session.Services.GetRequiredService<ISourceStateStore>().ListStatesAsync(cancellationToken))
                    .ToDictionary(s => s.SourceId, StringComparer.Ordinal);
                foreach (var source in sources)
                {
                    var state = states.GetValueOrDefault(source.Id) ?? SourceState.New(source.Id);
                    var outcome = state.LastOutcome switch
                    {
                        null => "never fetched",
                        FetchOutcome.Failed => $"failed {state.FailureStreak}x",
                        FetchOutcome.NotModified => "not modified",
                        _ => "ok",
                    };
                    cli.Output.WriteLine($"{source.Id} ({source.Kind.ToString().ToLowerInvariant()}) {source.Url}");
                    cli.Output.WriteLine($"    last fetch {Format(state.LastFetchAt)}: {outcome}{(state.LastReason is { } reason ? " — " + reason : "")}");
                    cli.Output.WriteLine($"    items {state.Items}, next fetch {Format(state.NextFetchAt)}");
                }
                return 0;
            }, cancellationToken));
        return command;
    }

    private static string Format(DateTimeOffset? instant) =>
        instant?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "—";
}
