using ChatBot.Core.Corpus;
using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Answers;

/// <summary>
/// Scores every sentence of the retrieved passages: IDF-weighted share of the question's concepts
/// it contains (synonyms count slightly less), concepts found in the document title or passage
/// heading, whether it has the kind of fact asked for (date, place, person, amount, list) and the
/// passage's retrieval rank.
/// </summary>
internal sealed class SentenceScorer(KnowledgeBase knowledge)
{
    private const double SynonymFactor = 0.85;
    private const double TitleFactor = 0.3;
    private const double CueFactor = 0.3;
    private const double RetrievalFactor = 0.1;
    private const double HeadingPenalty = 0.7;

    public List<ScoredSentence> Score(QuestionProfile profile, IReadOnlyList<Concept> concepts, IReadOnlyList<RankedPassage> hits)
    {
        var scored = new List<ScoredSentence>();
        if (hits.Count == 0 || concepts.Count == 0)
        {
            return scored;
        }
        var total = concepts.Sum(c => c.Weight);
        var maxHit = hits.Max(h => h.Score);
        var dated = hits.Where(h => h.Document.Date is not null).Select(h => h.Document.Date!.Value).Distinct().Order().ToList();

        foreach (var hit in hits)
        {
            var sentenceTerms = knowledge.Statistics.SentenceTermsOf(hit.Passage);
            var titleTerms = knowledge.Statistics.TitleTermsOf(hit.Passage, hit.Document);
            var (titleMatched, _) = Match(concepts, titleTerms);
            for (var i = 0; i < hit.Passage.Sentences.Count; i++)
            {
                var text = hit.Passage.Sentences[i];
                var (matched, weight) = Match(concepts, sentenceTerms[i]);
                var coverage = weight / total;
                var titleOnly = 0.0;
                foreach (var k in titleMatched)
                {
                    titleOnly += matched.Contains(k) ? 0 : concepts[k].Weight / total;
                }
                // Cue patterns only matter for sentences that are on topic (or bylines, which never are).
                var cue = matched.Count > 0 || profile.Kind == QuestionKind.Author ? SentenceCues.For(profile.Kind, text, hit.Document.Author) : 0;
                var score = coverage + TitleFactor * titleOnly + CueFactor * cue + RetrievalFactor * (maxHit > 0 ? hit.Score / maxHit : 0);
                if (PassageBuilder.LooksLikeHeading(text) && !(profile.Kind == QuestionKind.Author && cue >= 2))
                {
                    score *= HeadingPenalty;
                }
                if (profile.Temporal && hit.Document.Date is { } date)
                {
                    // Dated evidence first; for "latest"/"current" questions, newer evidence first.
                    score += 0.03;
                    if (profile.AsksLatest && dated.Count > 1)
                    {
                        score += 0.1 * dated.IndexOf(date) / (dated.Count - 1);
                    }
                }
                scored.Add(new ScoredSentence(hit.Passage, hit.Document, i, score, coverage, matched, titleMatched));
            }
        }
        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        return scored;
    }

    /// <summary>Concepts whose any form occurs in the terms (multi-word forms contiguously) and their matched weight.</summary>
    private static readonly IReadOnlySet<int> NoMatch = new HashSet<int>();

    internal static (IReadOnlySet<int> Matched, double Weight) Match(IReadOnlyList<Concept> concepts, IReadOnlyList<string> terms)
    {
        HashSet<int>? matched = null;
        var weight = 0.0;
        for (var k = 0; k < concepts.Count; k++)
        {
            var forms = concepts[k].Forms;
            for (var f = 0; f < forms.Count; f++)
            {
                if (ContainsSequence(terms, forms[f]))
                {
                    (matched ??= []).Add(k);
                    weight += concepts[k].Weight * (f == 0 ? 1 : SynonymFactor);
                    break;
                }
            }
        }
        return (matched ?? NoMatch, weight);
    }

    private static bool ContainsSequence(IReadOnlyList<string> terms, IReadOnlyList<string> form)
    {
        for (var i = 0; i + form.Count <= terms.Count; i++)
        {
            var j = 0;
            while (j < form.Count && SameStem(terms[i + j], form[j]))
            {
                j++;
            }
            if (j == form.Count)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Equal terms, or terms that differ only by Porter's undoubling of a final consonant
    /// ("added" → "ad" but "add" → "add").
    /// </summary>
    internal static bool SameStem(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }
        var (shorter, longer) = a.Length < b.Length ? (a, b) : (b, a);
        return shorter.Length >= 2 && longer.Length == shorter.Length + 1 && longer[^1] == longer[^2]
            && longer.StartsWith(shorter, StringComparison.Ordinal) && char.IsLetter(longer[^1]);
    }
}
