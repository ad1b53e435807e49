using ChatBot.Core.Corpus;
using ChatBot.Core.Indexing;

namespace ChatBot.Core.Answers;

/// <summary>
/// The Korean names of the glossary's proper names (capitalised English forms: "Seoul" → 서울,
/// "Brussels" → 브뤼셀), so a Korean opening names a place in Korean when every part of it has
/// a Korean name ("Brussels, Belgium" → "벨기에 브뤼셀", larger place first as Korean writes it);
/// a place with a part the glossary does not know ("Le Berlaymont") stays as the line writes it.
/// </summary>
public sealed class KoreanNames
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public KoreanNames(Synonyms glossary)
    {
        foreach (var group in glossary.Groups)
        {
            var korean = group.FirstOrDefault(TextNormalizer.HasHangul);
            if (korean is null)
            {
                continue;
            }
            foreach (var english in group.Where(a => !TextNormalizer.HasHangul(a) && char.IsUpper(a[0]) && a.Any(char.IsLower)))
            {
                _names.TryAdd(english, korean);
            }
        }
    }

    public static KoreanNames Empty { get; } = new(Synonyms.Empty);

    /// <summary>The place in Korean when the glossary names all of it, else as written (without "in"/"at").</summary>
    public string Place(string span)
    {
        var place = KoreanPhrases.Place(span);
        var parts = place.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !parts.All(_names.ContainsKey))
        {
            return place;
        }
        return string.Join(" ", parts.Reverse().Select(p => _names[p]));
    }

    /// <summary>Every part of the place has a Korean name: a real place rather than a capitalised phrase.</summary>
    public bool Knows(string span) =>
        KoreanPhrases.Place(span).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts
        && parts.All(_names.ContainsKey);
}
