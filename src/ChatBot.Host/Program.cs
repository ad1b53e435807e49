using ChatBot.Host.Cli;

return await ChatBotCli.RunAsync(args, new CliContext(Console.Out, Console.Error, Console.In));
