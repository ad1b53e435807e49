using ChatBot.Host.Cli;
using ChatBot.Testing;

namespace ChatBot.Host.Tests.Cli;

/// <summary>
/// Runs the real CLI (as `dotnet run -- …` would) against the repository's corpus and a
/// throw-away data folder, capturing what it writes.
/// </summary>
public sealed class DigestCliHarness : IDisposable
{
    public DigestCliHarness()
    {
        RepoRoot = RepositoryPaths.Root;
        DataFolder = Path.Combine(Path.GetTempPath(), "chatbot-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataFolder);
    }

    public string RepoRoot { get; }

    public string DataFolder { get; }

    public async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var cli = new CliContext(output, error, new StringReader(""), RepoRoot);
        string[] all = [.. args, "--data", DataFolder, "--corpus", Path.Combine(RepoRoot, "corpus")];
        var exit = await ChatBotCli.RunAsync(all, cli);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
