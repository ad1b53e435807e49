using ChatBot.Core.Corpus;
using ChatBot.Core.Indexing;
using Lucene.Net.Index;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Per-snapshot statistics the answer path weighs words and sentences with: term IDF over the
/// passages, and the analyzed terms of each passage's sentences and title. Cached on the snapshot,
/// so a refresh drops them with it.
/// </summary>
internal sealed class CorpusStatistics(CurrentSnapshot current, Lazy<PassageIndex> index, TextAnalysis analysis)
{
    /// <summary>Inverse document frequency of an English term over passages (BM25 form).</summary>
    public double Idf(string term)
    {
        var snapshot = current.Value;
        return snapshot.Idf.GetOrAdd(term, t =>
        {
            var passageIndex = index.Value;
            var searcher = passageIndex.AcquireSearcher();
            try
            {
                var field = TextNormalizer.HasHangul(t) ? IndexSchema.TextCjk : IndexSchema.Text;
                var df = searcher.IndexReader.DocFreq(new Term(field, t));
                var n = Math.Max(1, snapshot.PassageCount);
                return Math.Log(1 + (n - df + 0.5) / (df + 0.5));
            }
            finally
            {
                passageIndex.ReleaseSearcher(searcher);
            }
        });
    }

    public IReadOnlyList<IReadOnlyList<string>> SentenceTermsOf(Passage passage) => AnalyzedOf(current.Value, passage).Sentences;

    /// <summary>
    /// As <see cref="SentenceTermsOf(Passage)"/>, but a passage not analysed yet is analysed
    /// without being kept, for a caller that keeps what it makes of them only for a moment.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> SentenceTermsOf(Passage passage, bool keep) =>
        keep ? SentenceTermsOf(passage)
        : current.Value.Analyzed.TryGetValue(passage.Id, out var analyzed) ? analyzed.Sentences
        : SentenceTerms(passage);

    public IReadOnlyList<string> TitleTermsOf(Passage passage, DocumentInfo document) => AnalyzedOf(current.Value, passage, document).Title;

    /// <summary>
    /// Gathers every document's terms (<see cref="DocumentTerms"/>), then analyzes every passage,
    /// in the background after a refresh (one thread, so answering keeps a core), so answers rarely
    /// pay for it; passages not reached yet are analyzed on first use. A corpus larger than the
    /// analysis cache is only analysed on use: warming it would just churn. A newer snapshot stops
    /// the work for an older one.
    /// </summary>
    public Task WarmUpAsync(KnowledgeSnapshot snapshot) => Task.Run(
        () =>
        {
            snapshot.DocumentTerms = DocumentTerms.Build(snapshot, analysis, () => !ReferenceEquals(snapshot, current.Value));
            Analyze(snapshot);
        },
        CancellationToken.None);

    private AnalyzedPassage AnalyzedOf(KnowledgeSnapshot snapshot, Passage passage, DocumentInfo? document = null) =>
        snapshot.Analyzed.GetOrAdd(passage.Id, _ => new AnalyzedPassage(
            SentenceTerms(passage),
            analysis.EnglishTerms((document ?? snapshot.DocumentsById[passage.DocumentId]).Title + " " + (passage.Heading ?? ""))));

    /// <summary>The terms of each sentence, read from the stored text without making the sentences strings.</summary>
    private IReadOnlyList<string>[] SentenceTerms(Passage passage)
    {
        var sentences = passage.Sentences;
        var result = new IReadOnlyList<string>[sentences.Count];
        char[]? buffer = null;
        // One list to gather into, an exact array kept per sentence: what is kept is shared with
        // the answer engine's analysed lines rather than copied again.
        var terms = new List<string>();
        for (var i = 0; i < sentences.Count; i++)
        {
            terms.Clear();
            analysis.AddEnglishTerms(StoredText.Read(sentences, i, ref buffer), terms);
            result[i] = terms.ToArray();
        }
        if (buffer is not null)
        {
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
        }
        return result;
    }

    private void Analyze(KnowledgeSnapshot snapshot)
    {
        if (snapshot.PassageCount > KnowledgeSnapshot.AnalyzedPassagesPerGeneration)
        {
            return;
        }
        foreach (var passage in snapshot.PassagesById.Values)
        {
            if (!ReferenceEquals(snapshot, current.Value))
            {
                return;
            }
            AnalyzedOf(snapshot, passage);
        }
    }
}
