using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChatBot.Core.Sources;

/// <summary>
/// Reads <c>sources.yaml</c>: a <c>sources:</c> list whose entries have <c>id</c>, <c>url</c>,
/// <c>kind</c> (feed or page), and optionally <c>include</c> (keywords), <c>lang</c> and
/// <c>publisher</c>. Every problem names the entry and the key, so a typo is fixed in one go.
/// </summary>
public static partial class SourceListFile
{
    /// <summary>An empty list when the file does not exist: a worker without sources still answers.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid source list.</exception>
    public static IReadOnlyList<SourceDefinition> Load(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<SourceDefinition> Parse(string yaml, string name = "sources.yaml")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{name}: invalid YAML: {ex.Message}", ex);
        }
        if (stream.Documents.Count == 0)
        {
            return [];
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{name}: expected a mapping with a 'sources' list");
        }
        if (!root.Children.TryGetValue(new YamlScalarNode("sources"), out var listNode) || listNode is YamlScalarNode { Value: null or "" })
        {
            return [];
        }
        if (listNode is not YamlSequenceNode list)
        {
            throw new InvalidDataException($"{name}: 'sources' must be a list");
        }

        var sources = new List<SourceDefinition>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        foreach (var node in list.Children)
        {
            position++;
            if (node is not YamlMappingNode entry)
            {
                throw new InvalidDataException($"{name}: source #{position} is not a key/value mapping");
            }
            string? Scalar(string key) =>
                entry.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)
                    ? s.Value.Trim()
                    : null;

            var id = Scalar("id") ?? throw new InvalidDataException($"{name}: source #{position} has no 'id'");
            var where = $"{name}: source '{id}'";
            if (!IdPattern().IsMatch(id))
            {
                throw new InvalidDataException($"{where}: 'id' may only hold letters, digits, '-' and '_' (at most 60)");
            }
            if (!ids.Add(id))
            {
                throw new InvalidDataException($"{where}: another source has the same id");
            }
            var urlText = Scalar("url") ?? throw new InvalidDataException($"{where}: no 'url'");
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidDataException($"{where}: 'url' must be an absolute http(s) URL (got '{urlText}')");
            }
            var kind = Scalar("kind")?.ToLowerInvariant() switch
            {
                null or "feed" or "rss" or "atom" => SourceKind.Feed,
                "page" => SourceKind.Page,
                var other => throw new InvalidDataException($"{where}: 'kind' must be 'feed' or 'page' (got '{other}')"),
            };
            IReadOnlyList<string> include = entry.Children.TryGetValue(new YamlScalarNode("include"), out var includeNode)
                ? includeNode switch
                {
                    YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value?.Trim()).OfType<string>().Where(s => s.Length > 0).ToList(),
                    YamlScalarNode s when !string.IsNullOrWhiteSpace(s.Value) => s.Value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList(),
                    YamlScalarNode => [],
                    _ => throw new InvalidDataException($"{where}: 'include' must be a list of keywords"),
                }
                : [];
            sources.Add(new SourceDefinition(id, url, kind, include, Scalar("lang") ?? Scalar("language"), Scalar("publisher")));
        }
        return sources;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,60}$")]
    private static partial Regex IdPattern();
}
