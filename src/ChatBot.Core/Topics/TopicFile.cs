using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ChatBot.Core.Topics;

/// <summary>Reads the editable topic list (<c>Data/topics.yaml</c>).</summary>
public static class TopicFile
{
    /// <exception cref="InvalidDataException">The file is missing, is not valid YAML, or a topic lacks an id or name; the message says where.</exception>
    public static IReadOnlyList<Topic> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Topic list not found: {path}");
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<Topic> Parse(string yaml, string source)
    {
        TopicFileModel? model;
        try
        {
            model = new DeserializerBuilder()
                .WithNamingConvention(UnderscoredNamingConvention.Instance)
                .Build()
                .Deserialize<TopicFileModel?>(yaml);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{source}: invalid topic list at line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        var topics = new List<Topic>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (entry, index) in (model?.Topics ?? []).Select((t, i) => (t, i + 1)))
        {
            var id = entry.Id?.Trim();
            var name = entry.Name?.Trim();
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(name))
            {
                throw new InvalidDataException($"{source}: topic #{index} needs both an id and a name.");
            }
            if (id.Any(char.IsWhiteSpace))
            {
                throw new InvalidDataException($"{source}: topic id \"{id}\" must not contain spaces.");
            }
            if (!ids.Add(id))
            {
                throw new InvalidDataException($"{source}: topic id \"{id}\" appears twice.");
            }
            var aliases = (entry.Aliases ?? []).Select(a => a?.Trim() ?? "").Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var query = string.IsNullOrWhiteSpace(entry.Query) ? string.Join(' ', [name, .. aliases]) : entry.Query.Trim();
            topics.Add(new Topic(id.ToLowerInvariant(), name, aliases, query));
        }
        if (topics.Count == 0)
        {
            throw new InvalidDataException($"{source}: the topic list is empty.");
        }
        return topics;
    }

    private sealed class TopicFileModel
    {
        public List<TopicEntry>? Topics { get; set; }
    }

    private sealed class TopicEntry
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public List<string?>? Aliases { get; set; }

        public string? Query { get; set; }
    }
}
