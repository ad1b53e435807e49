using System.Text.RegularExpressions;

namespace ChatBot.Core.Answers;

/// <summary>
/// A line that sets the EU and Korea side by side ("Korea devotes 14 articles …; nothing in the
/// EU law corresponds", a table with a Korea column and an EU column) states some facts of one
/// and some of the other. A question about one of them ("the EU AI Act's fines") takes its facts
/// only from the clauses or cells about that one: the rest of the line is the other's.
/// </summary>
internal static partial class PartnerScope
{
    // Clauses of a comparison: "…; …", "… — …", "…, while …", "…, whereas …".
    [GeneratedRegex(@"\s*;\s*|\s+[—–]\s+|,\s+(?=(?:while|whereas|but|unlike)\b)")]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"(?i)\b(?:vs\.?|versus|compared?|comparison|compares|side by side)\b")]
    private static partial Regex Comparison();

    /// <summary>The document sets its partners side by side ("South Korea vs EU AI Act").</summary>
    public static bool Compares(string title) => Comparison().IsMatch(title);

    /// <summary>
    /// The text of <paramref name="line"/> that speaks of <paramref name="asked"/>: a table row
    /// without the cells whose column header names only the other partner; other lines without
    /// the clauses that name only the other partner (a clause naming neither belongs with the one
    /// before it). Returns the line unchanged when nothing in it is the other's.
    /// </summary>
    public static string Keep(string line, string? header, string asked, string other, Func<string, IReadOnlySet<string>> partnersOf)
    {
        bool OthersOnly(IReadOnlySet<string> named) => named.Contains(other) && !named.Contains(asked);
        if (header is not null && line.TrimStart().StartsWith('|'))
        {
            var cells = line.Split('|');
            var heads = header.Split('|');
            if (cells.Length != heads.Length)
            {
                return line;
            }
            for (var i = 2; i < cells.Length; i++)
            {
                if (OthersOnly(partnersOf(heads[i])))
                {
                    cells[i] = " ";
                }
            }
            return string.Join('|', cells);
        }
        var clauses = ClauseBreak().Split(line);
        var kept = new List<string>();
        var othersBefore = false;
        foreach (var clause in clauses)
        {
            var named = partnersOf(clause);
            var others = named.Count == 0 ? othersBefore : OthersOnly(named);
            if (!others)
            {
                kept.Add(clause);
            }
            othersBefore = others;
        }
        return kept.Count == clauses.Length ? line : string.Join("; ", kept);
    }
}
