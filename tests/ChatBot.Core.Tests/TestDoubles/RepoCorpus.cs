using System.Text.RegularExpressions;
using ChatBot.Core.Corpus;
using ChatBot.Core.Search;
using ChatBot.Core.Summaries;

namespace ChatBot.Core.Tests.TestDoubles;

/// <summary>
/// The repository's own <c>corpus/</c> loaded into a <see cref="FakeKnowledgeBase"/> with a
/// simple Markdown reader, plus a word-overlap searcher: enough to exercise summaries and
/// digests over real text without the Lucene engine.
/// </summary>
public static partial class RepoCorpus
{
    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ChatBot.sln")) && Directory.Exists(Path.Combine(dir.FullName, "corpus")))
                {
                    return Path.Combine(dir.FullName, "corpus");
                }
            }
            throw new DirectoryNotFoundException("The repository's corpus/ folder was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Raw file text by document id, to check quotes are verbatim.</summary>
    public static IReadOnlyDictionary<string, string> Sources() =>
        Files().ToDictionary(f => f.Id, f => File.ReadAllText(f.Path));

    public static FakeKnowledgeBase Load()
    {
        var knowledge = new FakeKnowledgeBase();
        foreach (var (id, path) in Files())
        {
            var (info, passages) = Parse(id, File.ReadAllText(path));
            knowledge.Add(info, passages);
        }
        return knowledge;
    }

    private static IEnumerable<(string Id, string Path)> Files() =>
        Directory.EnumerateFiles(Folder, "*.md", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(p => (Path.ChangeExtension(Path.GetRelativePath(Folder, p), null).Replace('\\', '/'), p));

    private static (DocumentInfo, IReadOnlyList<Passage>) Parse(string id, string text)
    {
        var match = FrontMatter().Match(text);
        var header = match.Success ? match.Groups[1].Value : "";
        var body = match.Success ? text[match.Length..] : text;
        var title = Field(header, "title") ?? id;
        DateOnly? date = DateOnly.TryParse(Field(header, "date"), out var d) ? d : null;
        var topics = Field(header, "topics") is { } list
            ? list.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];

        var passages = new List<Passage>();
        string? heading = null;
        foreach (var block in Regex.Split(body, @"\n\s*\n|\n(?=- )").Select(b => b.Trim()).Where(b => b.Length > 0))
        {
            var lines = block.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
            if (lines[0].StartsWith('#'))
            {
                heading = lines[0].TrimStart('#').Trim();
                passages.Add(new Passage($"{id}#{passages.Count}", id, passages.Count, heading, [heading]));
                lines.RemoveAt(0);
            }
            if (lines.Count == 0)
            {
                continue;
            }
            var sentences = Sentences(string.Join(' ', lines));
            passages.Add(new Passage($"{id}#{passages.Count}", id, passages.Count, heading, sentences));
        }
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        return (new DocumentInfo(id, title, date, null, null, null, "en", topics, hash), passages);
    }

    private static IReadOnlyList<string> Sentences(string paragraph) =>
        SentenceBreak().Split(paragraph).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    private static string? Field(string header, string name)
    {
        var m = Regex.Match(header, $@"^{name}:[ \t]*(.+)$", RegexOptions.Multiline);
        return m.Success ? m.Groups[1].Value.Trim().Trim('"') : null;
    }

    [GeneratedRegex(@"\A---\n(.*?)\n---\n", RegexOptions.Singleline)]
    private static partial Regex FrontMatter();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z0-9])")]
    private static partial Regex SentenceBreak();
}

/// <summary>Ranks passages by how many meaningful query words they contain.</summary>
public sealed class WordOverlapSearcher(FakeKnowledgeBase knowledge) : IPassageSearcher
{
    public Task<IReadOnlyList<PassageHit>> SearchAsync(string query, int maxHits, CancellationToken cancellationToken)
    {
        var words = ProseSentences.ContentWords(query);
        IReadOnlyList<PassageHit> hits = knowledge.Documents
            .SelectMany(d => knowledge.PassagesOf(d.Id).Select(p => (Document: d, Passage: p)))
            .Select(x => new PassageHit(x.Passage, x.Document, ProseSentences.ContentWords(x.Passage.Text).Count(words.Contains)))
            .Where(h => h.Score > 0)
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Passage.Id, StringComparer.Ordinal)
            .Take(maxHits)
            .ToList();
        return Task.FromResult(hits);
    }
}
