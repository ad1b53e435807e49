namespace ChatBot.Core.Answers;

/// <summary>
/// What one line says and in which context, analyzed once per passage (or document) and kept while it lives.
/// The terms are read at once; who the line names (<see cref="Partners"/>) and which one of a series
/// (<see cref="Ordinals"/>) on first use: most lines an answer reads state nothing the question asks
/// about and are dropped before anyone asks.
/// </summary>
internal sealed class AnalyzedLine
{
    private readonly Partners? _partnersOf;

    // The terms as an array (what the analyzer makes; read without interface calls) and a
    // 128-bit filter of them for HasStem, made once with the line: see StemFilter.
    private readonly string[] _terms;
    private readonly ulong _stems0;
    private readonly ulong _stems1;
    private IReadOnlySet<string>? _partners;
    private IReadOnlySet<int>? _ordinals;

    public AnalyzedLine(string text, IReadOnlyList<string> terms, IReadOnlySet<string> partners, IReadOnlySet<int> ordinals)
    {
        Text = text;
        Terms = terms;
        _terms = terms as string[] ?? [.. terms];
        (_stems0, _stems1) = StemFilter(_terms);
        _partners = partners;
        _ordinals = ordinals;
    }

    /// <summary>A line whose partners are read by <paramref name="partnersOf"/> and ordinals by <see cref="Answers.Ordinals.In"/>, on first use.</summary>
    public AnalyzedLine(string text, IReadOnlyList<string> terms, Partners partnersOf)
    {
        Text = text;
        Terms = terms;
        _terms = terms as string[] ?? [.. terms];
        (_stems0, _stems1) = StemFilter(_terms);
        _partnersOf = partnersOf;
    }

    public string Text { get; }

    public IReadOnlyList<string> Terms { get; }

    // Two threads reading a line at once may both compute these: the same value, one of them kept.
    public IReadOnlySet<string> Partners => _partners ??= _partnersOf!.In(Text);

    public IReadOnlySet<int> Ordinals => _ordinals ??= Answers.Ordinals.In(Text);

    // EventStatus + 1 once read (0: not yet): one int, so a racing reader sees all of it or nothing.
    private int _status;

    /// <summary>The line's account of its event (<see cref="Disagreement.StatusOf"/>), read on first use.</summary>
    public EventStatus Status
    {
        get
        {
            var known = _status;
            if (known == 0)
            {
                known = (int)Disagreement.StatusOf(Text) + 1;
                _status = known;
            }
            return (EventStatus)(known - 1);
        }
    }

    private IReadOnlyList<string>? _places;
    private LinePeople? _people;

    /// <summary>The places the line names (<see cref="Cues.Places"/>), read on first use: "where" questions ask it of every line that states a concept.</summary>
    public IReadOnlyList<string> Places => _places ??= Cues.Places(Text);

    /// <summary>The people the line names (<see cref="Cues.People"/> with <paramref name="common"/>), read on first use and kept for that very <paramref name="common"/>.</summary>
    public IReadOnlyList<string> PeopleIn(Func<string, bool>? common)
    {
        if (_people is { } known && ReferenceEquals(known.Common, common))
        {
            return known.Names;
        }
        var names = Cues.People(Text, common);
        _people = new LinePeople(common, names);
        return names;
    }

    private sealed record LinePeople(Func<string, bool>? Common, IReadOnlyList<string> Names);

    private LineDates? _dates;
    private string? _compact;
    private HashSet<string>? _termSet;

    /// <summary>The text lower-cased without spaces, made on first use: only Korean forms are matched against it.</summary>
    public string Compact => _compact ??= LineAnalyzer.Compact(Text);

    /// <summary>
    /// Lines with at most this many terms are scanned for <see cref="HasStem"/>; longer ones
    /// (flattened tables, run-on lists) get a set. A cached line's set outlives answers, and at
    /// 100,000 passages nearly every line an answer reads is one no recent answer read: building
    /// a set for each was most of what an answer left behind for the garbage collector to copy.
    /// </summary>
    internal const int ScannedTerms = 32;

    /// <summary>
    /// Whether some term of the line is <paramref name="term"/> as <see cref="SentenceScorer.SameStem"/>
    /// compares them (equal, or one is the other with its last letter doubled). A line is read
    /// against every form of every concept of a question, so whole forms are compared only where
    /// their first term occurs.
    /// </summary>
    public bool HasStem(string term)
    {
        if (!MayHaveStem(term))
        {
            // Most forms a question asks about are not in most lines it reads: the filter says so
            // without reading the terms (it never rules out a term that is there).
            return false;
        }
        if (_terms.Length <= ScannedTerms)
        {
            return ScanForStem(term);
        }
        var set = _termSet ??= new HashSet<string>(Terms, StringComparer.Ordinal);
        if (set.Contains(term))
        {
            return true;
        }
        var n = term.Length;
        if (n < 2 || !char.IsLetter(term[^1]))
        {
            return false;
        }
        var lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
        // The line's term is this one undoubled ("added" asked, "ad" in the line) …
        if (n >= 3 && term[^1] == term[^2] && lookup.Contains(term.AsSpan(0, n - 1)))
        {
            return true;
        }
        // … or this one doubled ("ad" asked, "add" in the line).
        var doubled = n < 128 ? stackalloc char[n + 1] : new char[n + 1];
        term.CopyTo(doubled);
        doubled[n] = term[^1];
        return lookup.Contains(doubled);
    }

    /// <summary><see cref="HasStem"/> by reading the terms one by one (no set to build and keep).</summary>
    private bool ScanForStem(string term)
    {
        var terms = _terms;
        for (var i = 0; i < terms.Length; i++)
        {
            if (string.Equals(terms[i], term, StringComparison.Ordinal))
            {
                return true;
            }
        }
        var n = term.Length;
        if (n < 2 || !char.IsLetter(term[^1]))
        {
            return false;
        }
        var undoubles = n >= 3 && term[^1] == term[^2];
        for (var i = 0; i < terms.Length; i++)
        {
            var t = terms[i];
            // The line's term is this one undoubled ("added" asked, "ad" in the line) …
            if (undoubles && t.Length == n - 1 && term.AsSpan(0, n - 1).SequenceEqual(t))
            {
                return true;
            }
            // … or this one doubled ("ad" asked, "add" in the line).
            if (t.Length == n + 1 && t[n] == term[^1] && t.AsSpan(0, n).SequenceEqual(term))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether the line may have a term <see cref="SentenceScorer.SameStem"/> as <paramref name="term"/>:
    /// false only when it has none. Two terms of the same stem are equal, or one is the other with
    /// its last letter doubled; so the filter holds each term and, for a term ending in a doubled
    /// character, the term without its last character, and the question asks for the term and,
    /// when it ends in a doubled character, the term without it.
    /// </summary>
    internal bool MayHaveStem(string term)
    {
        var (h0, h1) = Bits(term);
        if ((_stems0 & h0) == h0 && (_stems1 & h1) == h1)
        {
            return true;
        }
        if (term.Length >= 3 && term[^1] == term[^2])
        {
            (h0, h1) = Bits(term.AsSpan(0, term.Length - 1));
            return (_stems0 & h0) == h0 && (_stems1 & h1) == h1;
        }
        return false;
    }

    private static (ulong, ulong) StemFilter(string[] terms)
    {
        ulong f0 = 0, f1 = 0;
        foreach (var t in terms)
        {
            var (h0, h1) = Bits(t);
            f0 |= h0;
            f1 |= h1;
            if (t.Length >= 3 && t[^1] == t[^2])
            {
                (h0, h1) = Bits(t.AsSpan(0, t.Length - 1));
                f0 |= h0;
                f1 |= h1;
            }
        }
        return (f0, f1);
    }

    /// <summary>Two bits of 128 for a term, from its length and first, middle and last characters (equal terms, equal bits).</summary>
    private static (ulong, ulong) Bits(ReadOnlySpan<char> term)
    {
        var n = term.Length;
        var h = (uint)n * 0x9E3779B1u;
        if (n > 0)
        {
            h ^= term[0] * 0x85EBCA77u;
            h = (h ^ (h >> 13)) * 0xC2B2AE3Du;
            h ^= term[n >> 1] * 0x27D4EB2Fu;
            h = (h ^ (h >> 15)) * 0x165667B1u;
            h ^= term[n - 1] * 0x9E3779B1u;
            h = (h ^ (h >> 16)) * 0x85EBCA6Bu;
            h ^= h >> 13;
        }
        // Two 7-bit positions in 0..127: the top bit of each picks the word.
        var a = (int)(h & 127);
        var b = (int)((h >> 7) & 127);
        var w0 = (a < 64 ? 1UL << a : 0) | (b < 64 ? 1UL << b : 0);
        var w1 = (a >= 64 ? 1UL << (a - 64) : 0) | (b >= 64 ? 1UL << (b - 64) : 0);
        return (w0, w1);
    }

    /// <summary>
    /// The dates the line states, resolved against its document's date (<see cref="EventDates.In"/>),
    /// read on first use and kept with the line: "when" questions read them for every line they reach.
    /// </summary>
    public IReadOnlyList<DateSpan> DatesIn(DateOnly? documentDate)
    {
        if (_dates is { } known && known.DocumentDate == documentDate)
        {
            return known.Spans;
        }
        var spans = EventDates.In(Text, documentDate);
        _dates = new LineDates(documentDate, spans);
        return spans;
    }

    private sealed record LineDates(DateOnly? DocumentDate, IReadOnlyList<DateSpan> Spans);
}
