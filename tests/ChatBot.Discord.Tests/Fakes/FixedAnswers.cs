using ChatBot.Core.Answers;

namespace ChatBot.Discord.Tests.Fakes;

/// <summary>Fixed answers and citations for formatting tests.</summary>
public static class FixedAnswers
{
    public static readonly Citation Council = new(
        1,
        "2023-06-30-first-digital-partnership-council",
        "First EU–Korea Digital Partnership Council",
        new DateOnly(2023, 6, 30),
        "https://digital-strategy.ec.europa.eu/en/news/first-digital-partnership-council",
        "The next Digital Partnership Council will take place in Brussels in 2024.");

    public static readonly Citation Outlook = new(
        2,
        "2025-08-12-rok-eu-digital-partnership-present-and-future",
        "The ROK–EU Digital Partnership: present and future",
        new DateOnly(2025, 8, 12),
        "https://example.org/rok-eu-digital-partnership",
        "Both sides agreed to hold the Council annually, alternating between Brussels and Seoul.");

    public static Answer CouncilAnswer(AskRequest request) => new(
        request.Question,
        true,
        "The next council meets in Brussels in 2024 [1], and councils alternate between Brussels and Seoul [2].",
        [Council, Outlook],
        0.8) { DocumentsSearched = 2 };
}
