using ChatBot.Core.Answers;
using ChatBot.Core.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace ChatBot.Core.Search;

/// <summary>
/// BM25 query for a question: every concept form as term or phrase on the text field (synonym
/// forms weaker), the same on the title field (boosted), sloppy phrases for adjacent content
/// words (proximity), faint temporal words, and CJK bigrams for Korean questions.
/// </summary>
internal sealed class PassageQueryBuilder(TextAnalysis analysis)
{
    private const float TitleBoost = 1.5f;
    private const float SynonymBoost = 0.5f;

    public Query Build(QuestionProfile profile)
    {
        var query = new BooleanQuery();
        AddConcepts(query, profile.Concepts, 1f);
        AddConcepts(query, profile.ContextConcepts, 0.4f);

        var originals = profile.Concepts.Where(c => c.Forms.Count == 1 && c.Forms[0].Count == 1).Select(c => c.Forms[0][0]).ToList();
        for (var i = 0; i + 1 < originals.Count; i++)
        {
            var pair = new PhraseQuery { Slop = 3, Boost = 0.5f };
            pair.Add(new Term(IndexSchema.Text, originals[i]));
            pair.Add(new Term(IndexSchema.Text, originals[i + 1]));
            query.Add(pair, Occur.SHOULD);
        }
        foreach (var word in profile.TemporalTerms)
        {
            foreach (var term in analysis.EnglishTerms(word))
            {
                query.Add(new TermQuery(new Term(IndexSchema.Text, term)) { Boost = 0.2f }, Occur.SHOULD);
            }
        }
        if (profile.KoreanText is { } korean)
        {
            foreach (var bigram in analysis.KoreanTerms(korean).Distinct())
            {
                query.Add(new TermQuery(new Term(IndexSchema.TextCjk, bigram)), Occur.SHOULD);
            }
        }
        return query;
    }

    private void AddConcepts(BooleanQuery query, IReadOnlyList<Concept> concepts, float weight)
    {
        foreach (var concept in concepts)
        {
            for (var f = 0; f < concept.Forms.Count; f++)
            {
                var form = concept.Forms[f];
                // The first form of a synonym concept is not necessarily the one asked; treat all alike but
                // keep single-word content concepts at full weight.
                var boost = weight * (concept.Forms.Count == 1 ? 1f : SynonymBoost);
                query.Add(FormQuery(IndexSchema.Text, form, boost), Occur.SHOULD);
                query.Add(FormQuery(IndexSchema.Title, form, boost * TitleBoost), Occur.SHOULD);
            }
            foreach (var hangul in concept.HangulForms)
            {
                // Korean forms (the question's own words or glossary forms of English names) reach Korean text through its bigrams.
                foreach (var bigram in analysis.KoreanTerms(hangul).Distinct())
                {
                    query.Add(new TermQuery(new Term(IndexSchema.TextCjk, bigram)) { Boost = weight * SynonymBoost }, Occur.SHOULD);
                }
            }
        }
    }

    private static Query FormQuery(string field, IReadOnlyList<string> form, float boost)
    {
        if (form.Count == 1)
        {
            return new TermQuery(new Term(field, form[0])) { Boost = boost };
        }
        var phrase = new PhraseQuery { Slop = 1, Boost = boost };
        foreach (var term in form)
        {
            phrase.Add(new Term(field, term));
        }
        return phrase;
    }
}
