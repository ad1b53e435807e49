using ChatBot.Core.Corpus;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace ChatBot.Core.Indexing;

/// <summary>Everything read back from a committed index.</summary>
internal sealed record IndexSnapshotData(
    IReadOnlyList<DocumentInfo> Documents,
    IReadOnlyDictionary<string, string> CleanTexts,
    IReadOnlyList<Passage> Passages)
{
    /// <summary>The commit it was read from (-1 when it was not read from disk).</summary>
    public long Generation { get; init; } = -1;
}
