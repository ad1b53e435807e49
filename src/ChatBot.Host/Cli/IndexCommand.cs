using System.CommandLine;
using ChatBot.Core.Knowledge;
using Spectre.Console;

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
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(cli.Output) });
                string? error = null;
                if (console.Profile.Capabilities.Interactive)
                {
                    await console.Progress().StartAsync(async context =>
                    {
                        var task = context.AddTask("Indexing");
                        var progress = new Progress<IndexProgress>(p =>
                        {
                            task.MaxValue = Math.Max(1, p.Total);
                            task.Value = p.Done;
                            task.Description = p.CurrentFile is { } file ? Markup.Escape(file) : "Indexing";
                        });
                        error = await session.RefreshAsync(parseResult.GetValue(rebuild), progress, cancellationToken);
                        task.Value = task.MaxValue;
                    });
                }
                else
                {
                    error = await session.RefreshAsync(parseResult.GetValue(rebuild), null, cancellationToken);
                }
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
