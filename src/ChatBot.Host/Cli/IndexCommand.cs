using System.CommandLine;
using ChatBot.Core.Knowledge;

namespace ChatBot.Host.Cli;

public static class IndexCommand
{
    public static Command Create(CliContext cli)
    {
        var rebuild = new Option<bool>("--rebuild") { Description = "Discard the index and build it from scratch." };
        var command = new Command("index", "Build or refresh the index.") { rebuild };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            return await IndexedCommand.RunAsync(cli, parseResult, "index", refreshIndex: false, async session =>
            {
                var error = await ConsoleProgress.RunAsync(cli.Output, "Indexing",
                    (IndexProgress p) => (p.Done, p.Total, p.CurrentFile),
                    progress => session.RefreshAsync(parseResult.GetValue(rebuild), progress, cancellationToken));
                if (error is not null)
                {
                    cli.Error.WriteLine($"index: {error}");
                    return 2;
                }
                var report = session.Report!;
                cli.Output.WriteLine(report.Reindexed
                    ? $"Indexed: {report.Documents} documents, {report.Passages} passages ({report.Added.Count} added, {report.Changed.Count} changed, {report.Removed.Count} removed) in {report.Elapsed.TotalSeconds:0.00} s"
                    : $"Index up to date: {report.Documents} documents, {report.Passages} passages (nothing changed)");
                cli.Output.WriteLine($"Skipped: {report.Skipped.Count} file(s)");
                foreach (var skipped in report.Skipped)
                {
                    cli.Output.WriteLine($"  {skipped.Path}: {skipped.Reason}");
                }
                return 0;
            }, cancellationToken);
        });
        return command;
    }
}
