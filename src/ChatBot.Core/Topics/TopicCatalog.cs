using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Topics;

/// <summary>
/// The topic list from the editable file, plus topic ids documents name in their front matter.
/// Resolves what users type (id, name or alias, any case; the closest by spelling otherwise),
/// offers autocomplete, and tells which documents cover a topic.
/// </summary>
public sealed class TopicCatalog : ITopicCatalog
{
    private const int MaxDistance = 2;

    private readonly IReadOnlyList<Topic> _configured;
    private readonly IKnowledgeBase _knowledge;
    private const int MaxCachedPatterns = 1_000;

    private readonly Dictionary<string, Regex> _mentionPatterns = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private (IReadOnlyList<DocumentInfo> Documents, IReadOnlyList<Topic> Topics)? _merged;

    public TopicCatalog(IReadOnlyList<Topic> configured, IKnowledgeBase knowledge)
    {
        _configured = configured;
        _knowledge = knowledge;
    }

    public IReadOnlyList<Topic> Topics
    {
        get
        {
            if (!_knowledge.IsReady)
            {
                return _configured;
            }
            var documents = _knowledge.Documents;
            lock (_lock)
            {
                if (_merged is { } merged && ReferenceEquals(merged.Documents, documents))
                {
                    return merged.Topics;
                }
                var topics = _configured.ToList();
                foreach (var id in documents.SelectMany(d => d.Topics).Select(Normalize).Where(t => t.Length > 0).Distinct())
                {
                    if (Match(topics, id) is null)
                    {
                        var slug = id.Replace(' ', '-');
                        topics.Add(new Topic(slug, Humanize(slug), [], slug.Replace('-', ' ')));
                    }
                }
                _merged = (documents, topics);
                return topics;
            }
        }
    }

    public TopicLookup Find(string text)
    {
        var topics = Topics;
        var key = Normalize(text);
        if (key.Length == 0)
        {
            return new TopicLookup(null, null);
        }
        if (Match(topics, key) is { } match)
        {
            return new TopicLookup(match, null);
        }
        // A prefix of a name ("semi") is the clearest hint; otherwise the nearest spelling within two edits.
        var closest = topics.FirstOrDefault(t => key.Length >= 2 && Keys(t).Any(k => k.StartsWith(key, StringComparison.Ordinal)))
            ?? topics
                .Select(t => (Topic: t, Distance: Keys(t).Min(k => Distance(key, k))))
                .Where(x => x.Distance <= Math.Min(MaxDistance, Math.Max(1, key.Length / 3)))
                .OrderBy(x => x.Distance)
                .Select(x => x.Topic)
                .FirstOrDefault();
        return new TopicLookup(null, closest);
    }

    public IReadOnlyList<Topic> Complete(string partial, int max)
    {
        var topics = Topics;
        var key = Normalize(partial);
        if (max <= 0)
        {
            return [];
        }
        if (key.Length == 0)
        {
            return topics.Take(max).ToList();
        }
        var ranked = new List<(Topic Topic, int Rank, int Distance)>();
        foreach (var topic in topics)
        {
            var keys = Keys(topic).ToList();
            if (keys.Any(k => k.StartsWith(key, StringComparison.Ordinal)))
            {
                ranked.Add((topic, 0, 0));
            }
            else if (keys.Any(k => k.Split(' ', '-', '/').Any(w => w.StartsWith(key, StringComparison.Ordinal))))
            {
                ranked.Add((topic, 1, 0));
            }
            else
            {
                // Fuzzy: compare with the same-length start of each key, so "semc" still finds "semiconductors".
                var distance = keys.Min(k => Distance(key, k.Length > key.Length ? k[..key.Length] : k));
                if (distance <= Math.Min(MaxDistance, Math.Max(1, key.Length / 3)))
                {
                    ranked.Add((topic, 2, distance));
                }
            }
        }
        return ranked.OrderBy(r => r.Rank).ThenBy(r => r.Distance).Select(r => r.Topic).Take(max).ToList();
    }

    public async Task<IReadOnlyList<TopicCoverage>> CoverageAsync(CancellationToken cancellationToken)
    {
        await _knowledge.WhenReady.WaitAsync(cancellationToken);
        var topics = Topics;
        var documents = _knowledge.Documents;
        var texts = documents.ToDictionary(d => d.Id, DocumentText, StringComparer.Ordinal);
        return topics
            .Select(topic => new TopicCoverage(topic, documents.Count(d => Covers(topic, d, texts[d.Id]))))
            .ToList();
    }

    /// <summary>The topic a document belongs to: the first one its front matter names, else the one its text mentions most.</summary>
    public Topic? Classify(DocumentInfo document)
    {
        foreach (var named in document.Topics)
        {
            if (Find(named).Match is { } match)
            {
                return match;
            }
        }
        var text = DocumentText(document);
        return Topics
            .Select(t => (Topic: t, Mentions: Mentions(t, text)))
            .Where(x => x.Mentions > 0)
            .OrderByDescending(x => x.Mentions)
            .Select(x => x.Topic)
            .FirstOrDefault();
    }

    /// <summary>How often the text names the topic (its id, name or aliases, whole words, any case).</summary>
    public int Mentions(Topic topic, string text) => MentionPattern(topic).Count(text);

    private bool Covers(Topic topic, DocumentInfo document, string text) =>
        document.Topics.Any(t => Find(t).Match?.Id == topic.Id) || Mentions(topic, text) > 0;

    private string DocumentText(DocumentInfo document) =>
        document.Title + "\n" + string.Join("\n", _knowledge.PassagesOf(document.Id).Select(p => p.Text));

    private Regex MentionPattern(Topic topic)
    {
        lock (_lock)
        {
            if (!_mentionPatterns.TryGetValue(topic.Id, out var pattern))
            {
                // Topic ids come from documents too; a corpus that churns for months must not grow this.
                if (_mentionPatterns.Count >= MaxCachedPatterns)
                {
                    _mentionPatterns.Clear();
                }
                var terms = new[] { topic.Id.Replace('-', ' '), topic.Name }
                    .Concat(topic.Aliases)
                    .Where(t => t.Length > 1)
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .OrderByDescending(t => t.Length)
                    .Select(t => Regex.Escape(t).Replace(@"\ ", @"[\s-]+"));
                pattern = new Regex($@"(?<![\w]){string.Join('|', terms)}(?![\w])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
                _mentionPatterns[topic.Id] = pattern;
            }
            return pattern;
        }
    }

    private static Topic? Match(IEnumerable<Topic> topics, string key) =>
        topics.FirstOrDefault(t => Keys(t).Contains(key, StringComparer.Ordinal));

    private static IEnumerable<string> Keys(Topic topic) =>
        new[] { topic.Id, topic.Name }.Concat(topic.Aliases).Select(Normalize).Where(k => k.Length > 0);

    /// <summary>Lower case, trimmed, '-' and '_' as spaces, single spaces, no leading '#' or '/'.</summary>
    internal static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim().TrimStart('#', '/').ToLowerInvariant())
        {
            var mapped = c is '-' or '_' || char.IsWhiteSpace(c) ? ' ' : c;
            if (mapped != ' ' || (builder.Length > 0 && builder[^1] != ' '))
            {
                builder.Append(mapped);
            }
        }
        return builder.ToString().Trim();
    }

    private static string Humanize(string slug)
    {
        var words = slug.Replace('-', ' ').Replace('_', ' ');
        return words.Length == 0 ? slug : char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..];
    }

    /// <summary>Damerau–Levenshtein (optimal string alignment) distance.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
