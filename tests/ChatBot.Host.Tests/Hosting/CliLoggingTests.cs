using ChatBot.Host.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ChatBot.Host.Tests.Hosting;

/// <summary>The CLI's stdout is the command's output (`ask --json` is parsed by scripts): logs go elsewhere.</summary>
public sealed class CliLoggingTests
{
    [Fact]
    public void Cli_logs_go_to_stderr_and_http_client_chatter_is_off()
    {
        using var cli = ChatBotHostFactory.CreateCli(contentRoot: ChatBot.Testing.RepositoryPaths.Root);

        var console = cli.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value;
        Assert.Equal(LogLevel.Trace, console.LogToStandardErrorThreshold);
        var loggers = cli.Services.GetRequiredService<ILoggerFactory>();
        Assert.True(loggers.CreateLogger("ChatBot.Core.Knowledge.KnowledgeBase").IsEnabled(LogLevel.Warning));
        Assert.False(loggers.CreateLogger("System.Net.Http.HttpClient.Sources.LogicalHandler").IsEnabled(LogLevel.Information));
    }
}
