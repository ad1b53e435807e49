using System.CommandLine;
using ChatBot.Core.Configuration;
using ChatBot.Core.Semantic;
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

    public Option<bool> LexicalOption { get; } = new("--lexical")
    {
        Description = "BM25 retrieval only: no sentence-embedding model (sets ChatBot:Semantic:Enabled=false).",
        Recursive = true,
    };

    public Option<string?> SourcesOption { get; } = new("--sources")
    {
        Description = "Source list file (overrides ChatBot:Sources:Path).",
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
        if (parseResult.GetValue(LexicalOption))
        {
            overrides[SemanticOptions.Section + ":Enabled"] = "false";
        }
        if (parseResult.GetValue(SourcesOption) is { Length: > 0 } sources)
        {
            overrides[Core.Sources.SourceOptions.Section + ":Path"] = ResolvePath(sources);
        }
        return overrides;
    }

    /// <summary>
    /// A path given on the command line, made absolute against the directory the user ran the
    /// command from (the project file makes <c>dotnet run</c> start there, see RunWorkingDirectory).
    /// </summary>
    public static string ResolvePath(string path) => Path.GetFullPath(path);

    public IHost CreateHost(ParseResult parseResult, IReadOnlyDictionary<string, string?>? defaults = null) =>
        ChatBotHostFactory.CreateCli(Overrides(parseResult), ContentRoot, defaults);
}
