using System.CommandLine;

namespace ChatBot.Host.Cli;

public static class TeamsPackageCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("teams-package", "Write the Teams app package (manifest and icons).");
        command.SetAction(_ =>
        {
            cli.Error.WriteLine("teams-package: not implemented yet");
            return 1;
        });
        return command;
    }
}
