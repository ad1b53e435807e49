namespace ChatBot.Core.Answers;

/// <summary>What one line says and in which context, analyzed once per passage (or document) and kept while it lives.</summary>
internal sealed record AnalyzedLine(
    string Text,
    IReadOnlyList<string> Terms,
    IReadOnlySet<string> Partners,
    IReadOnlySet<int> Ordinals)
{
    private LineDates? _dates;
    private string? _compact;

    /// <summary>The text lower-cased without spaces, made on first use: only Korean forms are matched against it.</summary>
    public string Compact => _compact ??= LineAnalyzer.Compact(Text);

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
