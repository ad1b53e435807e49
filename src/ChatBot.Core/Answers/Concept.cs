namespace ChatBot.Core.Answers;

/// <summary>
/// One thing the question asks about: a content word, or a synonym/glossary group found in the
/// question (any of its forms counts as a match). Forms are analyzed English term sequences;
/// <see cref="HangulForms"/> are Korean forms compared without spaces.
/// </summary>
/// <param name="Forms">The first form is the one the question used; matching another (a synonym) counts a little less.</param>
public sealed record Concept(string Label, IReadOnlyList<IReadOnlyList<string>> Forms, double Weight)
{
    public IReadOnlyList<string> HangulForms { get; init; } = [];

    /// <summary>False for concepts of the lead-up to the question ("my boss says …, when …?"): they weigh less.</summary>
    public bool Main { get; init; } = true;

    /// <summary>
    /// The concept names one thing — a programme, an agreement, a technology by its name: an
    /// acronym ("DTA", "AI"), a name with a digit ("6G") or a capitalised name ("Horizon Europe")
    /// among its forms. A fact about something else (another programme's budget) never answers for it.
    /// </summary>
    public bool Name { get; init; }

    /// <summary>Where the concept starts in the question (word index), to tell which concepts the question puts side by side.</summary>
    public int Position { get; init; }
}
