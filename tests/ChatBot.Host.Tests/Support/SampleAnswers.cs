using ChatBot.Core.Answers;

namespace ChatBot.Host.Tests.Support;

public static class SampleAnswers
{
    public const string Explode = "explode";
    public const string Unanswerable = "What is the capital of Mars?";

    public static readonly Citation Council2023 = new(
        1,
        "2023-06-30-first-digital-partnership-council",
        "The First Digital Partnership council between the EU and Korea held in Seoul",
        new DateOnly(2023, 6, 30),
        "https://k-erc.eu/the-first-digital-partnership-council-between-the-eu-and-korea-held-in-seoul/",
        "The European Union and the Republic of Korea held the first Digital Partnership council in Seoul, Republic of Korea.");

    public static readonly Citation Council2024 = new(
        2,
        "2025-08-12-rok-eu-digital-partnership-present-and-future",
        "The ROK-EU Digital Partnership: present and future",
        new DateOnly(2025, 8, 12),
        "https://example.org/rok-eu-digital-partnership",
        "The second Council meeting took place in March 2024 and added secure network connectivity.");

    /// <summary>A cited answer, a refusal for <see cref="Unanswerable"/>, and a failure for <see cref="Explode"/>.</summary>
    public static Answer For(AskRequest request) => request.Question switch
    {
        Explode => throw new InvalidOperationException("engine blew up"),
        Unanswerable => AnswerEngine.Declined(request.Question, ["semiconductors", "ai"]) with { DocumentsSearched = 2 },
        _ => new Answer(
            request.Question,
            true,
            "The first council met in Seoul in June 2023 [1]; the second took place in March 2024 [2].",
            [Council2023, Council2024],
            0.82)
        {
            DocumentsSearched = 2,
            Elapsed = TimeSpan.FromMilliseconds(42),
        },
    };
}
