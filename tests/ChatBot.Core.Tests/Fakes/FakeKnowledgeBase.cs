using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Tests.Fakes;

/// <summary>An in-memory knowledge base whose documents tests add, change and remove.</summary>
public sealed class FakeKnowledgeBase : IKnowledgeBase
{
    private readonly Dictionary<string, (DocumentInfo Info, IReadOnlyList<Passage> Passages)> _documents = new();

    public bool IsReady => true;

    public Task WhenReady => Task.CompletedTask;

    public IReadOnlyList<DocumentInfo> Documents =>
        _documents.Values.Select(d => d.Info).OrderByDescending(d => d.Date).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();

    public IReadOnlyList<Passage> PassagesOf(string documentId) =>
        _documents.TryGetValue(documentId, out var d) ? d.Passages : [];

    public Task<IndexReport> RefreshAsync(bool rebuild, IProgress<IndexProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(new IndexReport(_documents.Count, _documents.Values.Sum(d => d.Passages.Count), [], [], [], [], false, TimeSpan.Zero));

    /// <summary>Adds or replaces a document; its hash follows its text, as the real index's does.</summary>
    public DocumentInfo Put(string id, string title, DateOnly? date, string text, params string[] topics)
    {
        var paragraphs = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var passages = paragraphs
            .Select((p, i) => new Passage($"{id}#{i}", id, i, null, SplitSentences(p)))
            .ToList();
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(title + "\n" + text)));
        var info = new DocumentInfo(id, title, date, $"https://example.org/{id}", null, null, "en", topics, hash);
        _documents[id] = (info, passages);
        return info;
    }

    public void Add(DocumentInfo info, IReadOnlyList<Passage> passages) => _documents[info.Id] = (info, passages);

    public bool Remove(string id) => _documents.Remove(id);

    private static IReadOnlyList<string> SplitSentences(string paragraph) =>
        System.Text.RegularExpressions.Regex.Split(paragraph, @"(?<=[.!?])\s+(?=[A-Z])")
            .Select(s => s.Trim())
            .Where(s => s.Length > 0)
            .ToList();
}
