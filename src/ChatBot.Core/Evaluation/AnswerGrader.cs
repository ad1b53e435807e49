using ChatBot.Core.Answers;
using ChatBot.Core.Corpus;

namespace ChatBot.Core.Evaluation;

/// <summary>
/// Grades an answer against a question's rules. Quotes are checked against the cited document's
/// text as supplied by <c>documentText</c> (whitespace-collapsed), so a quote that was altered,
/// invented or taken from another file fails.
/// </summary>
public sealed class AnswerGrader(Func<string, string?> documentText)
{
    public EvalResult Grade(EvalQuestion question, Answer answer)
    {
        var failures = new List<string>();
        if (!question.IsAnswerable)
        {
            if (answer.Answered)
            {
                failures.Add("answered a question that should be declined");
            }
            if (answer.Citations.Count > 0)
            {
                failures.Add("cited sources for a question that should be declined");
            }
            return new EvalResult(question, answer, failures);
        }

        if (!answer.Answered)
        {
            failures.Add("declined to answer");
        }
        foreach (var group in question.Must ?? [])
        {
            if (!group.Any(alternative => Normalize(answer.Text).Contains(Normalize(alternative), StringComparison.Ordinal)))
            {
                failures.Add($"answer text lacks one of [{string.Join(" | ", group)}]");
            }
        }
        if (question.Sources is { Count: > 0 } sources && !answer.Citations.Any(c => sources.Contains(c.Document, StringComparer.Ordinal)))
        {
            failures.Add($"no citation of [{string.Join(" | ", sources)}]");
        }
        foreach (var citation in answer.Citations)
        {
            var text = documentText(citation.Document);
            if (text is null)
            {
                failures.Add($"[{citation.N}] cites unknown document '{citation.Document}'");
            }
            else if (citation.Quote.Trim().Length == 0 || !Normalize(text).Contains(Normalize(citation.Quote), StringComparison.Ordinal))
            {
                failures.Add($"[{citation.N}] quote is not verbatim in '{citation.Document}'");
            }
        }
        return new EvalResult(question, answer, failures);
    }

    /// <summary>Whitespace collapsed and lower case, as ../shared/eval/score.py compares, so both scorers agree.</summary>
    private static string Normalize(string text) => TextNormalizer.CollapseWhitespace(text).ToLowerInvariant();
}
