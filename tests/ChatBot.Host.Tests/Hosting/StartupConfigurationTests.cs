using System.Text.Json;
using ChatBot.Host.Cli;
using ChatBot.Host.Hosting;
using Microsoft.Extensions.Options;

namespace ChatBot.Host.Tests.Hosting;

public sealed class StartupConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("chatbot-config-");

    [Fact]
    public async Task An_invalid_Web_Urls_fails_start_up_with_one_line_naming_the_key()
    {
        var (exitCode, output, error) = await RunRootCommand(new { Web = new { Urls = "ftp://localhost:21" } });

        Assert.Equal(2, exitCode);
        Assert.Equal("configuration error: Web:Urls must be an absolute http(s) URL (got 'ftp://localhost:21')", SingleLine(error));
        Assert.Equal("", output);
    }

    [Fact]
    public async Task An_empty_corpus_path_fails_start_up_naming_ChatBot_Corpus_Path()
    {
        var (exitCode, _, error) = await RunRootCommand(new { ChatBot = new { Corpus = new { Path = "" } }, Web = new { Urls = "http://127.0.0.1:0" } });

        Assert.Equal(2, exitCode);
        Assert.StartsWith("configuration error: ChatBot:Corpus:Path: ", SingleLine(error));
    }

    [Fact]
    public void Binder_errors_name_the_key_but_never_echo_the_value()
    {
        var binder = new InvalidOperationException(
            "Failed to convert configuration value 's3cr3t-token' at 'Discord:GuildId' to type 'System.UInt64'.",
            new FormatException());

        var line = StartupConfiguration.Describe(binder);

        Assert.Equal("Discord:GuildId cannot be read as System.UInt64", line);
    }

    [Fact]
    public void Several_validation_failures_stay_on_one_line()
    {
        var both = new AggregateException(
            new OptionsValidationException("", typeof(ChatBot.Host.Web.WebOptions), ["Web:Urls must not be empty"]),
            new OptionsValidationException("", typeof(ChatBot.Core.Configuration.DataOptions),
                ["DataAnnotation validation failed for 'DataOptions' members: 'Path' with the error: 'The Path field is required.'."]));

        Assert.Equal("Web:Urls must not be empty; ChatBot:Data:Path: The Path field is required.", StartupConfiguration.Describe(both));
    }

    [Fact]
    public async Task A_taken_port_fails_start_up_with_one_line_naming_Web_Urls()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, _, error) = await RunRootCommand(new
        {
            Web = new { Urls = $"http://127.0.0.1:{port}" },
            Logging = new { LogLevel = new { Default = "None" } },
        });

        Assert.Equal(2, exitCode);
        Assert.Equal(
            $"configuration error: Web:Urls: Failed to bind to address http://127.0.0.1:{port}: address already in use. Choose a free address with Web:Urls or ASPNETCORE_URLS",
            SingleLine(error));
    }

    [Fact]
    public void Other_start_up_failures_are_not_dressed_up_as_configuration_errors()
    {
        Assert.Null(StartupConfiguration.Describe(new InvalidOperationException("something else broke")));
        Assert.Null(StartupConfiguration.Describe(new AggregateException(new IOException("disk"))));
    }

    public void Dispose() => _root.Delete(recursive: true);

    private async Task<(int ExitCode, string Output, string Error)> RunRootCommand(object appsettings)
    {
        await File.WriteAllTextAsync(Path.Combine(_root.FullName, "appsettings.json"), JsonSerializer.Serialize(appsettings));
        var output = new StringWriter();
        var error = new StringWriter();
        var cli = new CliContext(output, error, new StringReader(""), _root.FullName);

        var exitCode = await ChatBotCli.RunAsync(["--data", Path.Combine(_root.FullName, "data")], cli);

        return (exitCode, output.ToString(), error.ToString());
    }

    private static string SingleLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        return lines[0].TrimEnd('\r');
    }
}
