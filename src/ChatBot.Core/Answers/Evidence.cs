using ChatBot.Core.Corpus;

namespace ChatBot.Core.Answers;

/// <summary>
/// One line that could answer: a sentence, heading, list item, table row or "Label: value" pair
/// of a retrieved passage, with how well it and its context cover the question.
/// </summary>
internal sealed record Evidence(
    Passage Passage,
    DocumentInfo Document,
    int Index,
    string Text,
    double Score,
    double Confidence,
    double Coverage,
    double LineShare,
    bool CueMet,
    IReadOnlySet<int> InLine,
    IReadOnlySet<string> Partners)
{
    private static readonly char[] WordBreaks = [' ', ',', '.', ';', ':', '(', ')', '|'];

    private IReadOnlyList<DateSpan>? _dates;
    private HashSet<string>? _words;

    /// <summary>
    /// The part of <see cref="Text"/> whose facts answer: all of it, but for a line setting the EU
    /// and Korea side by side when the question asks about one (<see cref="PartnerScope"/>).
    /// </summary>
    public string Facts { get; init; } = Text;

    /// <summary>A headline stating the stage asked about with no date of its own, dated by its report (the source's date).</summary>
    public bool DatedByReport { get; init; }

    /// <summary>The value line of a label pair is the last sentence the quote covers.</summary>
    public int LastIndex { get; init; } = Index;

    /// <summary>
    /// The dates the text states (<see cref="EventDates.In"/> against the document date), read on
    /// first use unless the scorer read them already: only the strongest lines are ever placed on
    /// a timeline, and reading dates is regex work.
    /// </summary>
    public IReadOnlyList<DateSpan> Dates => _dates ??= EventDates.In(Text, Document.Date);

    /// <summary>The day the line speaks about: its most precise date, else its document's date (<see cref="EventDates.EventDate"/>).</summary>
    public DateOnly? EventDate => Dates.FirstOrDefault(s => s.Date is not null)?.Date ?? Document.Date;

    /// <summary>The text's lower-cased words, for telling whether two lines say the same thing.</summary>
    public HashSet<string> Words => _words ??= Text.Split(WordBreaks, StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).ToHashSet();

    /// <summary>
    /// The analysed line when <see cref="Text"/> is that line's text (no label before it): what
    /// the line knows of its text (ordinals, status) was read once for every answer that reaches
    /// the line, not again for each answer's evidence.
    /// </summary>
    internal AnalyzedLine? Line { get; init; }

    private IReadOnlySet<int>? _ordinals;

    /// <summary>The ordinals the text names (<see cref="Answers.Ordinals.In"/>).</summary>
    internal IReadOnlySet<int> Ordinals => Line is { } line ? line.Ordinals : _ordinals ??= Answers.Ordinals.In(Text);

    /// <summary>The text's account of its event (<see cref="Disagreement.StatusOf"/>).</summary>
    internal EventStatus Status => Line is { } line ? line.Status : Disagreement.StatusOf(Text);

    /// <summary>Hands over the dates the scorer read for this very text and document date.</summary>
    internal Evidence WithDates(IReadOnlyList<DateSpan>? dates)
    {
        _dates ??= dates;
        return this;
    }
}
