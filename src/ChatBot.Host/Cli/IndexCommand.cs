using System.CommandLine;

namespace ChatBot.Host.Cli;

public static class IndexCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("index", "Build or refresh the index.");
        command.SetAction(_ =>
        {
            cli.Error.WriteLine("index: not implemented yet");
            return 1;
        });
        return command;
    }
}
