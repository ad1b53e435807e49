using ChatBot.Host.Cli;
using ChatBot.Host.Hosting;

namespace ChatBot.Host.Tests.Cli;

/// <summary>Runs the real command line in-process with captured output, over the repository's corpus and a temp data folder.</summary>
public sealed class EngineCli : IDisposable
{
    public EngineCli()
    {
        Data = Path.Combine(Path.GetTempPath(), "chatbot-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Data);
    }

    public static string Root { get; } = ContentRootLocator.Locate(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    public static string Corpus => Path.Combine(Root, "corpus");

    public string Data { get; }

    public async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, string input = "")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var cli = new CliContext(output, error, new StringReader(input), Root);
        var exit = await ChatBotCli.RunAsync(args, cli);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The command over the repository corpus, lexical: the model's cost is paid by the few tests that need it.</summary>
    public string[] Args(params string[] args) => [.. args, "--corpus", Corpus, "--data", Data, "--lexical"];

    public string[] HybridArgs(params string[] args) => [.. args, "--corpus", Corpus, "--data", Data];

    public string Temp(string name, string content)
    {
        var path = Path.Combine(Data, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
