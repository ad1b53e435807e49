using System.CommandLine;

namespace ChatBot.Host.Cli;

public static class SummaryCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("summary", "Cited overview of one topic.");
        command.SetAction(_ =>
        {
            cli.Error.WriteLine("summary: not implemented yet");
            return 1;
        });
        return command;
    }
}
