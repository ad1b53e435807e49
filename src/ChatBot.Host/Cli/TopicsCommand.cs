using System.CommandLine;

namespace ChatBot.Host.Cli;

public static class TopicsCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("topics", "List topics with the number of documents covering each.");
        command.SetAction(_ =>
        {
            cli.Error.WriteLine("topics: not implemented yet");
            return 1;
        });
        return command;
    }
}
