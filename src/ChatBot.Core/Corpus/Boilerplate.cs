namespace ChatBot.Core.Corpus;

/// <summary>
/// Site furniture that must never be indexed or cited. A document is cut at the first line that
/// is one of these markers, because everything after it (share widgets, teasers of other
/// articles) belongs to the site, not to the document.
/// </summary>
public static class Boilerplate
{
    public static IReadOnlyList<string> Markers { get; } =
    [
        "Print Friendly, PDF & Email",
        "Print Friendly",
        "Stay Connected",
        "More Updates",
        "Related Articles",
        "Related Posts",
        "Related News",
        "Share this",
        "Share this article",
        "Share on",
        "You may also like",
        "Subscribe to our newsletter",
    ];

    /// <summary>True when the whole line (trimmed, case-insensitive, trailing ':' ignored) is a marker.</summary>
    public static bool IsMarker(string line)
    {
        var trimmed = line.Trim().TrimEnd(':').Trim();
        if (trimmed.Length == 0 || trimmed.Length > 40)
        {
            return false;
        }
        foreach (var marker in Markers)
        {
            if (string.Equals(trimmed, marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The blocks before the first marker.</summary>
    public static IReadOnlyList<TextBlock> CutAtFirstMarker(IReadOnlyList<TextBlock> blocks)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            if (IsMarker(blocks[i].Text))
            {
                return blocks.Take(i).ToList();
            }
        }
        return blocks;
    }
}
