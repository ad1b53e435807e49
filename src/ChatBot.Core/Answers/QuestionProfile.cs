using System.Text.RegularExpressions;
using ChatBot.Core.Indexing;

namespace ChatBot.Core.Answers;

public enum QuestionKind
{
    Other,
    When,
    Where,
    Who,
    Author,
    HowMuch,
    List,
}

/// <summary>
/// One thing the question asks about: a content word, or a synonym group found in the question
/// (any of its forms counts as a match). Forms are analyzed term sequences.
/// </summary>
/// <param name="Forms">The first form is the one the question used; matching another (a synonym) counts a little less.</param>
public sealed record Concept(string Label, IReadOnlyList<IReadOnlyList<string>> Forms, double Weight);

/// <summary>What the question asks, analyzed once: kind, temporal intent and weighted concepts.</summary>
public sealed record QuestionProfile(
    string Question,
    QuestionKind Kind,
    bool Temporal,
    bool AsksNext,
    bool AsksLatest,
    IReadOnlyList<Concept> Concepts,
    IReadOnlyList<string> TemporalTerms,
    IReadOnlyList<Concept> ContextConcepts,
    string? KoreanText)
{
    public double TotalWeight => Concepts.Sum(c => c.Weight);
}

/// <summary>
/// Turns a question into a <see cref="QuestionProfile"/>. Question words and auxiliaries are not
/// content; temporal cue words ("next", "latest") steer composition rather than matching; words
/// naming the document itself ("analysis", "article") weigh little.
/// </summary>
public sealed partial class QuestionProfiler(TextAnalysis analysis, Synonyms synonyms, Func<string, double> idf)
{
    /// <summary>Each synonym group's alternatives split into words once, not per question.</summary>
    private readonly IReadOnlyList<IReadOnlyList<(string Alternative, string[] Parts)>> _groups = synonyms.Groups
        .Select(g => (IReadOnlyList<(string, string[])>)g.Select(a => (a, Words().Matches(a).Select(m => m.Value).ToArray())).ToList())
        .ToList();

    private static readonly HashSet<string> QuestionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "be", "been",
        "being", "do", "does", "did", "doing", "done", "will", "would", "could", "can", "should", "shall", "may", "might",
        "must", "have", "has", "had", "the", "a", "an", "of", "to", "in", "on", "for", "about", "with", "by", "at", "from",
        "and", "or", "their", "they", "them", "it", "its", "this", "that", "these", "those", "there", "me", "you", "your",
        "tell", "please", "know", "much", "many", "some", "any", "own", "go", "goes", "going", "happen", "happens", "happened", "happening", "occur", "occurs", "occurred",
        "get", "gets", "i", "we", "us", "our", "up", "so", "also", "exactly", "currently", "kind", "sort", "type",
    };

    private static readonly HashSet<string> TemporalWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "next", "latest", "upcoming", "recent", "recently", "current", "now", "planned", "plan", "plans", "scheduled",
        "last", "newest", "still", "soon", "today",
    };

    private static readonly HashSet<string> AuthorWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "wrote", "write", "written", "writes", "author", "authored", "authors",
    };

    private static readonly HashSet<string> DocumentWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "analysis", "article", "report", "paper", "document", "piece", "study", "publication", "post", "text",
    };

    private static readonly HashSet<string> ListNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "areas", "fields", "topics", "technologies", "sectors", "domains", "priorities", "themes", "issues", "subjects",
    };

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’&\-]*")]
    private static partial Regex Words();

    public QuestionProfile Profile(string question, string? previousQuestion = null)
    {
        var words = Words().Matches(question).Select(m => m.Value).ToList();
        var lower = words.Select(w => w.ToLowerInvariant()).ToList();
        var first = lower.FirstOrDefault() ?? "";

        var asksAuthor = lower.Any(AuthorWords.Contains);
        var temporalTerms = lower.Where(TemporalWords.Contains).Distinct().ToList();
        var kind = Classify(lower, asksAuthor);
        var asksNext = lower.Any(w => w is "next" or "upcoming" or "planned" or "scheduled" or "plan" or "plans")
            || (first == "when" && lower.Skip(1).FirstOrDefault() is "is" or "will" or "are");
        var asksLatest = lower.Any(w => w is "latest" or "recent" or "recently" or "current" or "now" or "newest" or "last");
        var temporal = kind == QuestionKind.When || temporalTerms.Count > 0;

        var concepts = BuildConcepts(words, asksAuthor, temporalTerms.Count > 0);
        var context = previousQuestion is { Length: > 0 } && (concepts.Count <= 1 || lower.Any(w => w is "it" or "they" or "them" or "that" or "this" or "there" or "he" or "she"))
            ? BuildConcepts(Words().Matches(previousQuestion).Select(m => m.Value).ToList(), false, true)
            : [];
        var korean = Corpus.TextNormalizer.HasHangul(question) ? question : null;
        return new QuestionProfile(question, kind, temporal, asksNext && temporal, asksLatest, concepts, temporalTerms, context, korean);
    }

    private static QuestionKind Classify(List<string> lower, bool asksAuthor)
    {
        if (asksAuthor && lower.Contains("who"))
        {
            return QuestionKind.Author;
        }
        var first = lower.FirstOrDefault() ?? "";
        if (first == "when" || (first is "what" or "which" && lower.Skip(1).FirstOrDefault() is "year" or "date" or "month" or "day"))
        {
            return QuestionKind.When;
        }
        if (first == "where")
        {
            return QuestionKind.Where;
        }
        if (first is "who" or "whom" or "whose")
        {
            return asksAuthor ? QuestionKind.Author : QuestionKind.Who;
        }
        if (first == "how" && lower.Skip(1).FirstOrDefault() is "much" or "many" or "big" or "large")
        {
            return QuestionKind.HowMuch;
        }
        if (lower.Any(w => w is "cost" or "budget" or "funding" or "money" or "worth" or "spend" or "spent"))
        {
            return QuestionKind.HowMuch;
        }
        if (first is "which" or "what" && lower.Take(4).Any(ListNouns.Contains))
        {
            return QuestionKind.List;
        }
        return QuestionKind.Other;
    }

    private List<Concept> BuildConcepts(List<string> words, bool asksAuthor, bool hasTemporal)
    {
        var concepts = new List<Concept>();
        var consumed = new bool[words.Count];

        foreach (var group in _groups)
        {
            (int Start, int End)? best = null;
            string? matched = null;
            foreach (var (alternative, parts) in group)
            {
                if (FindWithGaps(words, parts) is { } span && (best is null || span.End - span.Start > best.Value.End - best.Value.Start))
                {
                    best = span;
                    matched = alternative;
                }
            }
            if (best is null || matched is null)
            {
                continue;
            }
            var (start, end) = best.Value;
            if (Enumerable.Range(start, end - start + 1).Any(i => consumed[i]))
            {
                continue;
            }
            for (var i = start; i <= end; i++)
            {
                consumed[i] |= MatchesAlternativeWord(words[i], matched);
            }
            var matchedTerms = analysis.EnglishTerms(matched);
            if (matchedTerms.Count == 0)
            {
                continue;
            }
            var forms = new List<IReadOnlyList<string>> { matchedTerms };
            forms.AddRange(group.Where(a => a.Alternative != matched).Select(a => analysis.EnglishTerms(a.Alternative)).Where(f => f.Count > 0 && !f.SequenceEqual(matchedTerms)));
            var weight = matchedTerms.Max(idf);
            concepts.Add(new Concept(matched, forms, weight));
        }

        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (consumed[i] || QuestionWords.Contains(word) || (hasTemporal && TemporalWords.Contains(word)) || (asksAuthor && AuthorWords.Contains(word)))
            {
                continue;
            }
            var factor = DocumentWords.Contains(word) ? 0.3 : 1.0;
            foreach (var term in analysis.EnglishTerms(word))
            {
                if (concepts.Any(c => c.Forms.Any(f => f.Count == 1 && f[0] == term)))
                {
                    continue;
                }
                // Porter stems "added" to "ad" but "add" to "add": search both spellings.
                IReadOnlyList<IReadOnlyList<string>> forms = term.Length > 2 && term[^1] == term[^2] && char.IsLetter(term[^1])
                    ? [[term], [term[..^1]]]
                    : [[term]];
                concepts.Add(new Concept(word, forms, idf(term) * factor));
            }
        }
        return concepts;
    }

    private static bool MatchesAlternativeWord(string word, string alternative) =>
        alternative.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Any(part => string.Equals(part, word, StringComparison.OrdinalIgnoreCase))
        || string.Equals(word, alternative, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Finds an alternative's words in order, allowing up to three other words between them, so
    /// split phrasal verbs ("hold the partnership back") still match "hold back".
    /// </summary>
    internal static (int Start, int End)? FindWithGaps(IReadOnlyList<string> words, string alternative) =>
        FindWithGaps(words, Words().Matches(alternative).Select(m => m.Value).ToArray());

    private static (int Start, int End)? FindWithGaps(IReadOnlyList<string> words, string[] parts)
    {
        if (parts.Length == 0)
        {
            return null;
        }
        for (var start = 0; start < words.Count; start++)
        {
            if (!string.Equals(words[start], parts[0], StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var at = start;
            var ok = true;
            for (var p = 1; p < parts.Length && ok; p++)
            {
                ok = false;
                for (var next = at + 1; next < words.Count && next <= at + 4; next++)
                {
                    if (string.Equals(words[next], parts[p], StringComparison.OrdinalIgnoreCase))
                    {
                        at = next;
                        ok = true;
                        break;
                    }
                }
            }
            if (ok)
            {
                return (start, at);
            }
        }
        return null;
    }
}
