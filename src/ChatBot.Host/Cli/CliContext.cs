using System.CommandLine;
using ChatBot.Core.Configuration;
using ChatBot.Host.Hosting;

namespace ChatBot.Host.Cli;

/// <summary>
/// What every command shares: the global <c>--corpus</c>/<c>--data</c> options and the console it
/// writes to (tests swap in string writers).
/// </summary>
public sealed class CliContext(TextWriter output, TextWriter error, TextReader input, string? contentRoot = null)
{
    public Option<string?> CorpusOption { get; } = new("--corpus")
    {
        Description = "Corpus folder (overrides ChatBot:Corpus:Path).",
        Recursive = true,
    };

    public Option<string?> DataOption { get; } = new("--data")
    {
        Description = "Data folder for the index and store (overrides ChatBot:Data:Path).",
        Recursive = true,
    };

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public TextReader Input { get; } = input;

    public string? ContentRoot { get; } = contentRoot;

    /// <summary>Configuration overrides from the global options, relative paths taken from the current directory.</summary>
    public IReadOnlyDictionary<string, string?> Overrides(ParseResult parseResult)
    {
        var overrides = new Dictionary<string, string?>();
        if (parseResult.GetValue(CorpusOption) is { Length: > 0 } corpus)
        {
            overrides[CorpusOptions.Section + ":Path"] = ResolvePath(corpus);
        }
        if (parseResult.GetValue(DataOption) is { Length: > 0 } data)
        {
            overrides[DataOptions.Section + ":Path"] = ResolvePath(data);
        }
        return overrides;
    }

    /// <summary>
    /// A path given on the command line, made absolute against the directory the user ran the
    /// command from. <c>dotnet run --project</c> starts the process in the project folder, so the
    /// shell's <c>PWD</c> (when it is a real directory) is that directory, not the process's.
    /// </summary>
    public static string ResolvePath(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return Path.GetFullPath(path);
        }
        var current = Directory.GetCurrentDirectory();
        var shell = Environment.GetEnvironmentVariable("PWD");
        var startedByDotnetRun = Directory.EnumerateFiles(current, "*.csproj").Any();
        var origin = startedByDotnetRun && shell is { Length: > 0 } && Path.IsPathRooted(shell) && Directory.Exists(shell) ? shell : current;
        return Path.GetFullPath(path, origin);
    }

    public IHost CreateHost(ParseResult parseResult) => ChatBotHostFactory.CreateCli(Overrides(parseResult), ContentRoot);
}
