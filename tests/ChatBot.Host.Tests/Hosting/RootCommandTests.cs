using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ChatBot.Host.Cli;
using ChatBot.Testing;

namespace ChatBot.Host.Tests.Hosting;

/// <summary>The command a new user runs: no arguments starts the whole worker.</summary>
public sealed class RootCommandTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("chatbot-root-");

    [Fact]
    public async Task No_arguments_runs_the_worker_with_the_chat_page_until_cancelled()
    {
        var port = FreePort();
        var settings = new
        {
            ChatBot = new { Corpus = new { Path = RepositoryPaths.Corpus }, Data = new { Path = Path.Combine(_root.FullName, "data") } },
            Web = new { Urls = $"http://127.0.0.1:{port}" },
            Logging = new { LogLevel = new { Default = "Warning" } },
        };
        await File.WriteAllTextAsync(Path.Combine(_root.FullName, "appsettings.json"), JsonSerializer.Serialize(settings));
        var error = new StringWriter();
        var cli = new CliContext(new StringWriter(), error, new StringReader(""), _root.FullName);
        using var stop = new CancellationTokenSource();

        var run = ChatBotCli.RunAsync([], cli, stop.Token);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var page = await WaitForPageAsync(client, run);
        await stop.CancelAsync();
        var exitCode = await run;

        Assert.Contains("id=\"ask-form\"", page);
        Assert.Equal(0, exitCode);
        Assert.Equal("", error.ToString());
    }

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>Polls until the worker serves the page; fails at once if the command ended instead.</summary>
    private static async Task<string> WaitForPageAsync(HttpClient client, Task<int> run)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (run.IsCompleted)
            {
                Assert.Fail($"the root command ended with exit code {await run} before serving the page");
            }
            try
            {
                using var response = await client.GetAsync("/");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return await response.Content.ReadAsStringAsync();
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        Assert.Fail("the worker did not serve the chat page within a minute");
        return "";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
