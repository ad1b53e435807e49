using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ChatBot.Core.Corpus;

/// <summary>The YAML header of a markdown file. <c>source</c> may be a string or a list; <c>topics</c> a list or a comma string.</summary>
public sealed record FrontMatter(
    string? Title,
    DateOnly? Date,
    string? Url,
    string? Author,
    string? Publisher,
    string? Language,
    IReadOnlyList<string> Topics)
{
    public static FrontMatter Empty { get; } = new(null, null, null, null, null, null, []);

    /// <summary>Splits "---\nyaml\n---\nbody"; returns the body unchanged when there is no front matter.</summary>
    /// <exception cref="DocumentLoadException">Unterminated header or invalid YAML.</exception>
    public static (FrontMatter Meta, string Body) Split(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r').Trim() != "---")
        {
            return (Empty, text);
        }
        var close = -1;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line is "---" or "...")
            {
                close = i;
                break;
            }
        }
        if (close < 0)
        {
            throw new DocumentLoadException("bad front matter: no closing '---'");
        }
        var yaml = string.Join("\n", lines[1..close]);
        var body = string.Join("\n", lines[(close + 1)..]);
        return (Parse(yaml), body);
    }

    /// <summary>Deeper than any header needs; the YAML object model recurses once per level.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Walks the parser's events (a loop, no recursion) before the object model is built, whose
    /// recursion would overflow the stack on thousands of nested brackets and kill the process.
    /// </summary>
    private static void CheckDepth(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is SequenceStart or MappingStart && ++depth > MaxDepth)
            {
                throw new DocumentLoadException($"bad front matter: nested deeper than {MaxDepth} levels");
            }
            if (parser.Current is SequenceEnd or MappingEnd)
            {
                depth--;
            }
        }
    }

    private static FrontMatter Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            CheckDepth(yaml);
            stream.Load(new StringReader(yaml));
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException)
        {
            throw new DocumentLoadException($"bad front matter: {ex.Message}", ex);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return Empty;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            throw new DocumentLoadException("bad front matter: not a key/value mapping");
        }

        string? Scalar(string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)
                ? s.Value.Trim()
                : null;

        IReadOnlyList<string> List(string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return [];
            }
            return node switch
            {
                YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value?.Trim()).OfType<string>().Where(s => s.Length > 0).ToList(),
                YamlScalarNode s when !string.IsNullOrWhiteSpace(s.Value) => s.Value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList(),
                _ => [],
            };
        }

        var dateText = Scalar("date");
        var date = DateText.ParseIso(dateText);
        if (dateText is not null && date is null)
        {
            throw new DocumentLoadException($"bad front matter: unreadable date '{dateText}'");
        }
        // A page written from several documents has no single link: the first source's link would
        // send a reader to a document that may not hold the quoted fact. Such pages set `url:`.
        var sources = List("source");
        var url = Scalar("url") ?? (sources is [var only] && IsHttpUrl(only) ? only : null);
        return new FrontMatter(
            Scalar("title"),
            date,
            url,
            Scalar("author") ?? List("authors").FirstOrDefault(),
            Scalar("publisher"),
            Scalar("lang") ?? Scalar("language"),
            List("topics"));
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
