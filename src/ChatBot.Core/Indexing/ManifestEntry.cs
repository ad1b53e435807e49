using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace ChatBot.Core.Indexing;

/// <summary>One entry of the manifest kept in the commit user data: which file bytes are indexed.</summary>
internal sealed record ManifestEntry(string DocumentId, string Hash);
