using ChatBot.Core.Search;
using ChatBot.Core.Summaries;

namespace ChatBot.Core.Tests.Digests.Support;

/// <summary>Where the repository's own <c>corpus/</c> is, seen from the test output folder.</summary>
public static class RepoCorpus
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
