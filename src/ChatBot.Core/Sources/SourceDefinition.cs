namespace ChatBot.Core.Sources;

/// <summary>One entry of <c>sources.yaml</c>.</summary>
/// <param name="Id">Stable name (letters, digits, '-'); fetch state is kept under it.</param>
/// <param name="Include">Keywords; when given, an item is kept only if each starts a word of its title, summary, categories or text.</param>
/// <param name="Language">Language of the documents when the page does not say (BCP 47, e.g. "en").</param>
/// <param name="Publisher">Publisher named in the stored documents' front matter.</param>
public sealed record SourceDefinition(
    string Id,
    Uri Url,
    SourceKind Kind,
    IReadOnlyList<string> Include,
    string? Language,
    string? Publisher)
{
    /// <summary>
    /// True when every keyword starts a word somewhere in the texts (case-insensitive): "eu"
    /// matches "EU" and "European" but not "queue"; "digital" matches "digitalisation".
    /// </summary>
    public bool Matches(params string?[] texts)
    {
        if (Include.Count == 0)
        {
            return true;
        }
        var haystack = string.Join("\n", texts.Where(t => t is not null));
        return Include.All(k => System.Text.RegularExpressions.Regex.IsMatch(
            haystack, @"(?<![\p{L}\p{N}])" + System.Text.RegularExpressions.Regex.Escape(k),
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1)));
    }
}
