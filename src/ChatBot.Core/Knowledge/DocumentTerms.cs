using ChatBot.Core.Answers;
using ChatBot.Core.Corpus;
using ChatBot.Core.Indexing;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Every term of each document of one snapshot (as <see cref="Collect"/> reads them) and whether
/// it has any Hangul, built once in the background after a refresh. Answers ask whether a
/// question's word occurs anywhere in a hit's document; at 100,000 passages nearly every hit's
/// document is one no recent answer read, and reading it whole on the answer path was a fifth of
/// the answer's CPU. Held as sorted ids into one table of terms: about 4 bytes per distinct term
/// of a document.
/// </summary>
internal sealed class DocumentTerms
{
    private readonly Dictionary<string, DocumentTermSet> _documents;

    private DocumentTerms(Dictionary<string, DocumentTermSet> documents)
    {
        _documents = documents;
    }

    public int Count => _documents.Count;

    /// <summary>The terms of <paramref name="document"/>, when they were gathered for this very document object.</summary>
    public DocumentTermSet? Of(DocumentInfo document) =>
        _documents.TryGetValue(document.Id, out var set) && ReferenceEquals(set.Owner, document) ? set : null;

    /// <summary>The terms of every document of <paramref name="snapshot"/>; null when <paramref name="cancelled"/> says to stop.</summary>
    public static DocumentTerms? Build(KnowledgeSnapshot snapshot, TextAnalysis analysis, Func<bool> cancelled)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var documents = new Dictionary<string, DocumentTermSet>(snapshot.Documents.Count, StringComparer.Ordinal);
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in snapshot.Documents)
        {
            if (cancelled())
            {
                return null;
            }
            terms.Clear();
            var hangul = Collect(analysis, snapshot.PassagesByDocument.GetValueOrDefault(document.Id) ?? [], terms);
            var sorted = new int[terms.Count];
            var n = 0;
            foreach (var term in terms)
            {
                if (!ids.TryGetValue(term, out var id))
                {
                    id = ids.Count;
                    ids.Add(term, id);
                }
                sorted[n++] = id;
            }
            Array.Sort(sorted);
            documents[document.Id] = new DocumentTermSet(document, ids, sorted, hangul);
        }
        ids.TrimExcess();
        return new DocumentTerms(documents);
    }

    /// <summary>
    /// Adds the terms of every sentence of <paramref name="passages"/> (accents folded) to
    /// <paramref name="terms"/>, read straight from the stored text into one buffer, and tells
    /// whether any sentence has Hangul.
    /// </summary>
    public static bool Collect(TextAnalysis analysis, IReadOnlyList<Passage> passages, ISet<string> terms)
    {
        var hangul = false;
        char[]? buffer = null;
        foreach (var passage in passages)
        {
            for (var i = 0; i < passage.Sentences.Count; i++)
            {
                var sentence = StoredText.Read(passage.Sentences, i, ref buffer);
                hangul = hangul || TextNormalizer.HasHangul(sentence);
                if (LineAnalyzer.HasAccents(sentence))
                {
                    analysis.AddEnglishTerms(LineAnalyzer.Fold(sentence.ToString()), terms);
                }
                else
                {
                    analysis.AddEnglishTerms(sentence, terms);
                }
            }
        }
        if (buffer is not null)
        {
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
        }
        return hangul;
    }
}

/// <summary>The terms of one document, as ids into the table shared by its snapshot's documents.</summary>
internal sealed class DocumentTermSet(DocumentInfo owner, IReadOnlyDictionary<string, int> ids, int[] sorted, bool hasHangul)
{
    public DocumentInfo Owner => owner;

    /// <summary>Whether some sentence of the document has Hangul: when none does, no Korean form can be found in it.</summary>
    public bool HasHangul => hasHangul;

    public int Count => sorted.Length;

    public bool Contains(string term) => ids.TryGetValue(term, out var id) && Array.BinarySearch(sorted, id) >= 0;
}
