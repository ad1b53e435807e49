using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace ChatBot.Core.Indexing;

/// <summary>Another process held the index's write lock for too long.</summary>
public sealed class IndexLockedException(string message, Exception inner) : IOException(message, inner);
