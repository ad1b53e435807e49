using System.CommandLine;

namespace ChatBot.Host.Cli;

public static class DigestCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("digest", "Print the digest that would be posted.");
        command.SetAction(_ =>
        {
            cli.Error.WriteLine("digest: not implemented yet");
            return 1;
        });
        return command;
    }
}
