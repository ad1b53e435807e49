using System.Text.Json;
using ChatBot.Core.Corpus;
using Lucene.Net.Documents;
using Lucene.Net.Index;

namespace ChatBot.Core.Indexing;

/// <summary>One refresh's writes; nothing is visible (or durable) until <see cref="Commit"/>.</summary>
internal sealed class IndexUpdate(IndexWriter writer, long baseGeneration) : IDisposable
{
    /// <summary>The commit this update builds on.</summary>
    public long BaseGeneration { get; } = baseGeneration;

    public void Replace(LoadedDocument loaded)
    {
        Remove(loaded.Info.Id);
        var docs = new List<Document> { PassageIndex.ToLuceneDocument(loaded) };
        docs.AddRange(loaded.Passages.Select(p => PassageIndex.ToLuceneDocument(p, loaded.Info)));
        writer.AddDocuments(docs);
    }

    public void Remove(string documentId) => writer.DeleteDocuments(new Term(IndexSchema.DocumentId, documentId));

    /// <returns>The generation of the new commit.</returns>
    public long Commit(IReadOnlyDictionary<string, ManifestEntry> manifest)
    {
        writer.SetCommitData(new Dictionary<string, string>
        {
            [IndexSchema.CommitSchemaKey] = IndexSchema.Version,
            [IndexSchema.CommitManifestKey] = JsonSerializer.Serialize(manifest),
        });
        writer.Commit();
        return SegmentInfos.GetLastCommitGeneration(writer.Directory);
    }

    /// <summary>Disposing without commit rolls back: the last commit stays the index.</summary>
    public void Dispose()
    {
        writer.Rollback();
        writer.Dispose();
    }
}
