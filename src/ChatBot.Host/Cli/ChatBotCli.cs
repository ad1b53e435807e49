using System.CommandLine;
using ChatBot.Host.Hosting;

namespace ChatBot.Host.Cli;

/// <summary>The command line: no command runs the worker; each subcommand lives in its own file.</summary>
public static class ChatBotCli
{
    public static RootCommand Create(CliContext cli)
    {
        var root = new RootCommand("ChatBot: cited answers about the EU–Republic of Korea Digital Partnership.");
        root.Options.Add(cli.CorpusOption);
        root.Options.Add(cli.DataOption);
        root.Options.Add(cli.LexicalOption);
        root.Options.Add(cli.SourcesOption);

        root.Subcommands.Add(AskCommand.Create(cli));
        root.Subcommands.Add(IndexCommand.Create(cli));
        root.Subcommands.Add(EvalCommand.Create(cli));
        root.Subcommands.Add(BenchCommand.Create(cli));
        root.Subcommands.Add(LoadCommand.Create(cli));
        root.Subcommands.Add(SummaryCommand.Create(cli));
        root.Subcommands.Add(TopicsCommand.Create(cli));
        root.Subcommands.Add(DigestCommand.Create(cli));
        root.Subcommands.Add(SubscriptionsCommand.Create(cli));
        root.Subcommands.Add(SourcesCommand.Create(cli));
        root.Subcommands.Add(TeamsPackageCommand.Create(cli));

        root.SetAction(async (parseResult, cancellationToken) =>
        {
            WebApplication? app = null;
            try
            {
                app = ChatBotHostFactory.CreateWorker([], cli.Overrides(parseResult), cli.ContentRoot);
                // Before RunAsync, so a bad setting is one line here, not a logged start-up failure.
                StartupConfiguration.Validate(app.Services);
                await app.RunAsync(cancellationToken);
                return 0;
            }
            catch (Exception ex) when (StartupConfiguration.Describe(ex) is { } problem)
            {
                await cli.Error.WriteLineAsync($"configuration error: {problem}");
                return 2;
            }
            finally
            {
                if (app is not null)
                {
                    await app.DisposeAsync();
                }
            }
        });
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliContext cli, CancellationToken cancellationToken = default)
    {
        var parseResult = Create(cli).Parse(args);
        if (parseResult.Action is System.CommandLine.Invocation.ParseErrorAction errors)
        {
            // A bad argument is reported as one line on stderr, not followed by a screen of help.
            errors.ShowHelp = false;
        }
        return parseResult.InvokeAsync(new InvocationConfiguration { Output = cli.Output, Error = cli.Error }, cancellationToken);
    }
}
