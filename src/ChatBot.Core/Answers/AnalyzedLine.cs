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
    private IReadOnlySet<string>? _partners;
    private IReadOnlySet<int>? _ordinals;

    public AnalyzedLine(string text, IReadOnlyList<string> terms, IReadOnlySet<string> partners, IReadOnlySet<int> ordinals)
    {
        Text = text;
        Terms = terms;
        _partners = partners;
        _ordinals = ordinals;
    }

    /// <summary>A line whose partners are read by <paramref name="partnersOf"/> and ordinals by <see cref="Answers.Ordinals.In"/>, on first use.</summary>
    public AnalyzedLine(string text, IReadOnlyList<string> terms, Partners partnersOf)
    {
        Text = text;
        Terms = terms;
        _partnersOf = partnersOf;
    }

    public string Text { get; }

    public IReadOnlyList<string> Terms { get; }

    // Two threads reading a line at once may both compute these: the same value, one of them kept.
    public IReadOnlySet<string> Partners => _partners ??= _partnersOf!.In(Text);

    public IReadOnlySet<int> Ordinals => _ordinals ??= Answers.Ordinals.In(Text);

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
        if (Terms.Count <= ScannedTerms)
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
        var terms = Terms;
        for (var i = 0; i < terms.Count; i++)
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
        for (var i = 0; i < terms.Count; i++)
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
