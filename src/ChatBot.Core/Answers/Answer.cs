namespace ChatBot.Core.Answers;

/// <summary>
/// The single answer model every renderer (CLI, web, Discord, Teams) consumes: text with inline
/// <c>[n]</c> markers plus the citations those markers point to.
/// </summary>
/// <param name="Question">The question as asked (after platform noise such as mentions was stripped).</param>
/// <param name="Answered">False when the evidence was too weak; then <see cref="Citations"/> is empty.</param>
/// <param name="Text">Answer text; every <c>[n]</c> marker has a matching citation.</param>
/// <param name="Citations">Numbered 1..n in order of first appearance in <see cref="Text"/>.</param>
/// <param name="Confidence">0..1, how strongly the evidence supports the answer.</param>
public sealed record Answer(
    string Question,
    bool Answered,
    string Text,
    IReadOnlyList<Citation> Citations,
    double Confidence)
{
    /// <summary>Topics the engine can answer about; filled on refusals so the reply can suggest them.</summary>
    public IReadOnlyList<string> SuggestedTopics { get; init; } = [];

    /// <summary>How many documents the answer was searched over (shown in footers).</summary>
    public int DocumentsSearched { get; init; }

    public TimeSpan Elapsed { get; init; }

    public static Answer NotFound(string question, string text, IReadOnlyList<string> suggestedTopics) =>
        new(question, false, text, [], 0) { SuggestedTopics = suggestedTopics };
}
