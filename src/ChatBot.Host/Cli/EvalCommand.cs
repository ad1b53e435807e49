using System.CommandLine;

namespace ChatBot.Host.Cli;

public static class EvalCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("eval", "Score answers against a question file.");
        command.SetAction(_ =>
        {
            cli.Error.WriteLine("eval: not implemented yet");
            return 1;
        });
        return command;
    }
}
