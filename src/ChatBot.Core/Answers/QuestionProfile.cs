namespace ChatBot.Core.Answers;

/// <summary>What the question asks, analyzed once: kinds, temporal intent, subject and weighted concepts.</summary>
public sealed record QuestionProfile(
    string Question,
    QuestionKind Kind,
    bool Temporal,
    bool AsksNext,
    bool AsksLatest,
    IReadOnlyList<Concept> Concepts,
    IReadOnlyList<string> TemporalTerms,
    IReadOnlyList<Concept> ContextConcepts,
    string? KoreanText)
{
    public double TotalWeight => Concepts.Sum(c => c.Weight);

    /// <summary>Every kind of fact asked for ("where and when" asks two).</summary>
    public IReadOnlySet<QuestionKind> Kinds { get; init; } = new HashSet<QuestionKind>();

    public bool YesNo { get; init; }

    /// <summary>"How many", "몇 개": a count of things rather than an amount of money.</summary>
    public bool AsksCount { get; init; }

    /// <summary>What a "how many" question counts ("how many European countries": countries; "과제는 몇 개": 과제), if a concept names it.</summary>
    public Concept? Counted { get; init; }

    /// <summary>Which one of a series the question names ("the third council"), if any.</summary>
    public int? Ordinal { get; init; }

    /// <summary>Partners the question names (EU, KR, others).</summary>
    public IReadOnlySet<string> Partners { get; init; } = new HashSet<string>();

    /// <summary>The question asks about today or right now, which dated documents cannot tell.</summary>
    public bool AsksToday { get; init; }

    /// <summary>The stage a "when" question asks about (started, concluded, signed, in force), if it names one.</summary>
    public EventPhase? AskedEvent { get; init; }

    /// <summary>
    /// The office or role a "who is the …" question asks the holder of ("the EU delegation
    /// councilor": councilor), if it names one.
    /// </summary>
    public string? Role { get; init; }

    /// <summary>
    /// The words that tell one named body from others of its kind ("trade", "technology" of "the
    /// trade and technology council"): a line about another council does not answer for it.
    /// </summary>
    public IReadOnlyList<string> BodyWords { get; init; } = [];

    /// <summary>
    /// The alternatives of a choice question ("in person or online?": person, online): the answer
    /// is a line that states one of them.
    /// </summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    public bool Korean => KoreanText is not null;
}
