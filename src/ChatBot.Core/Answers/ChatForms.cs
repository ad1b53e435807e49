using System.Text.RegularExpressions;

namespace ChatBot.Core.Answers;

/// <summary>
/// Turns a chat message into the question it asks: greetings, thanks and politeness around the
/// question are dropped, contractions and chat spellings are written out. What remains is what
/// the engine looks for; none of the removed words may become evidence.
/// </summary>
public static partial class ChatForms
{
    // Written-out forms of contractions and chat spellings. Keys are lower case whole words.
    private static readonly Dictionary<string, string> Spellings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["whats"] = "what is", ["wat"] = "what", ["wut"] = "what", ["wats"] = "what is", ["whos"] = "who is",
        ["wheres"] = "where is", ["whens"] = "when is", ["hows"] = "how is", ["whichs"] = "which is",
        ["n"] = "and", ["u"] = "you", ["ur"] = "your", ["pls"] = "please", ["plz"] = "please",
        ["gonna"] = "going to", ["wanna"] = "want to", ["gotta"] = "got to",
        ["til"] = "until", ["till"] = "until", ["tho"] = "though", ["b4"] = "before", ["bc"] = "because", ["cuz"] = "because",
        ["abt"] = "about", ["govt"] = "government", ["yr"] = "year", ["yrs"] = "years", ["w/"] = "with",
        ["dont"] = "do not", ["doesnt"] = "does not", ["didnt"] = "did not", ["isnt"] = "is not", ["wasnt"] = "was not",
        ["cant"] = "can not", ["wont"] = "will not", ["im"] = "i am", ["ive"] = "i have",
    };

    [GeneratedRegex(@"(?i)\b([a-z]+)['’](s|re|ve|ll|d|m|t)\b")]
    private static partial Regex Contraction();

    [GeneratedRegex(@"[\p{L}\p{N}/]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"(?<=[\p{L}\p{N}]\s+)r(?=\s+\p{L})")]
    private static partial Regex ChatAre();

    // Openers and closers that carry no content: greetings, thanks, politeness, hedges.
    [GeneratedRegex(@"(?i)^\s*(?:(?:hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|greetings|dear)(?:\s+(?:there|all|everyone|team|folks|bot|chatbot|assistant))?[\s,!.:;-]*)+")]
    private static partial Regex Greeting();

    [GeneratedRegex(@"(?i)[\s,.!;:-]*(?:(?:many\s+)?thanks(?:\s+(?:a lot|so much|in advance))?|thank you(?:\s+(?:so much|very much|in advance))?|thx|cheers|ty|appreciate it|much appreciated|please|pls)[\s!.]*$")]
    private static partial Regex Thanks();

    [GeneratedRegex(@"(?i)^\s*(?:ok(?:ay)?|so|well|um+|uh+|hmm+|quick question|question|just wondering|btw|also)\b[\s,:;-]*")]
    private static partial Regex Filler();

    [GeneratedRegex(@"(?i)^\s*(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell|show|let)\s+(?:me|us)(?:\s+know)?|(?:please\s+)?tell\s+me|i(?:'m|’m| am)\s+(?:wondering|curious|trying to (?:find out|figure out|understand))|i\s+(?:was\s+)?wonder(?:ing)?|i(?:'d|’d| would)\s+like\s+to\s+know|do\s+you\s+know|any\s*idea|i\s+want\s+to\s+know|i\s+need\s+to\s+know)\b[\s,:]*(?:if|whether)?\s*", RegexOptions.None)]
    private static partial Regex Politeness();

    /// <summary>The question without chat around it, contractions and chat spellings written out.</summary>
    public static string Normalize(string message)
    {
        var text = LineAnalyzer.Fold(message.Trim());
        for (var pass = 0; pass < 3; pass++)
        {
            var before = text;
            text = Greeting().Replace(text, "");
            text = Filler().Replace(text, "");
            text = Politeness().Replace(text, "");
            text = Thanks().Replace(text, "");
            text = text.Trim();
            if (text == before)
            {
                break;
            }
        }
        text = Contraction().Replace(text, m =>
        {
            var word = m.Groups[1].Value;
            return m.Groups[2].Value.ToLowerInvariant() switch
            {
                // "'s" is "is" after question words and pronouns, a possessive elsewhere (kept for the analyzer).
                "s" => IsQuestionOrPronoun(word) ? word + " is" : m.Value,
                "re" => word + " are",
                "ve" => word + " have",
                "ll" => word + " will",
                "d" => word + " would",
                "m" => word + " am",
                "t" => word.Equals("won", StringComparison.OrdinalIgnoreCase) ? "will not"
                    : word.Equals("can", StringComparison.OrdinalIgnoreCase) ? "can not"
                    : word.EndsWith('n') ? word[..^1] + " not" : word + " not",
                _ => m.Value,
            };
        });
        text = Word().Replace(text, m => Spellings.TryGetValue(m.Value, out var spelled) ? spelled : m.Value);
        // "how much r they putting in": a lone lower-case "r" between words is "are" (a capital R starts "R&D").
        text = ChatAre().Replace(text, "are");
        return text.Length > 0 ? text : message.Trim();
    }

    private static bool IsQuestionOrPronoun(string word) => word.ToLowerInvariant() is
        "what" or "who" or "when" or "where" or "how" or "which" or "why" or "that" or "it" or "there" or "here"
        or "he" or "she" or "this" or "one" or "let";
}
