using System.CommandLine;

namespace ChatBot.Host.Cli;

public static class SubscriptionsCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("subscriptions", "List digest subscriptions.");
        command.SetAction(_ =>
        {
            cli.Error.WriteLine("subscriptions: not implemented yet");
            return 1;
        });
        return command;
    }
}
