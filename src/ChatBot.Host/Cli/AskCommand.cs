using System.CommandLine;

namespace ChatBot.Host.Cli;

public static class AskCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("ask", "Answer a question with numbered sources.");
        command.SetAction(_ =>
        {
            cli.Error.WriteLine("ask: not implemented yet");
            return 1;
        });
        return command;
    }
}
