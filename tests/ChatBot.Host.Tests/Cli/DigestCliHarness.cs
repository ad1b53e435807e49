using ChatBot.Host.Cli;

namespace ChatBot.Host.Tests.Cli;

/// <summary>
/// Runs the real CLI (as `dotnet run -- …` would) against the repository's corpus and a
/// throw-away data folder, capturing what it writes.
/// </summary>
public sealed class DigestCliHarness : IDisposable
{
    public DigestCliHarness()
    {
        RepoRoot = FindRepoRoot();
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

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatBot.sln")) && Directory.Exists(Path.Combine(dir.FullName, "corpus")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
