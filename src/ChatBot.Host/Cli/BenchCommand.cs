using System.CommandLine;

namespace ChatBot.Host.Cli;

public static class BenchCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("bench", "Benchmark indexing and answering over a synthetic corpus.");
        command.SetAction(_ =>
        {
            cli.Error.WriteLine("bench: not implemented yet");
            return 1;
        });
        return command;
    }
}
