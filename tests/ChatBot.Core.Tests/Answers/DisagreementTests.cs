using ChatBot.Core.Answers;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// When sources tell the same event differently, the answer states the newer account and cites
/// both, with a note that the older source said otherwise; sources that agree, or that tell
/// different events, are answered as before.
/// </summary>
public sealed class DisagreementTests : IDisposable
{
    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();

    public void Dispose()
    {
        _corpus.Dispose();
        _data.Dispose();
    }

    private async Task<Engine> EngineOver(params (string Name, string Date, string Body)[] documents)
    {
        foreach (var (name, date, body) in documents)
        {
            _corpus.Write(name + ".md", $"---\ntitle: \"{name}\"\ndate: {date}\n---\n{body}\n");
        }
        var engine = new Engine(_corpus.Path, _data.Path, now: new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));
        await engine.RefreshAsync();
        return engine;
    }

    private static readonly (string, string, string) SignedToday =
        ("flash-report", "2025-03-10", "The EU and Korea signed the Digital Trade Agreement today in Brussels.");

    private static readonly (string, string, string) PendingSignature =
        ("follow-up", "2025-03-12", "Negotiations on the EU-Korea Digital Trade Agreement were concluded on 10 March 2025, and the agreement is still pending signature.");

    [Fact]
    public async Task A_newer_report_that_it_is_still_pending_leads_and_the_older_one_is_cited_as_saying_otherwise()
    {
        using var engine = await EngineOver(SignedToday, PendingSignature);

        var answer = await engine.AskAsync("Has the EU-Korea Digital Trade Agreement been signed?");

        Assert.True(answer.Answered, answer.Text);
        Assert.Equal(["follow-up", "flash-report"], answer.Citations.Select(c => c.Document));
        Assert.StartsWith("Not yet [1]: “Negotiations on the EU-Korea Digital Trade Agreement were concluded", answer.Text);
        Assert.Contains("” [1] An older source said otherwise: “The EU and Korea signed the Digital Trade Agreement today in Brussels.” [2]", answer.Text);
        Assert.EndsWith("([1] source dated 12 March 2025, over two months old; [2] source dated 10 March 2025, over two months old)", answer.Text);
    }

    [Fact]
    public async Task A_korean_question_gets_the_same_reconciliation_in_korean()
    {
        using var engine = await EngineOver(SignedToday, PendingSignature);

        var answer = await engine.AskAsync("디지털통상협정 서명했나요?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("아직 아닙니다 [1]: “Negotiations", answer.Text);
        Assert.Contains("이전 자료는 다르게 전했습니다: “The EU and Korea signed", answer.Text);
    }

    [Fact]
    public async Task When_the_newer_report_says_it_happened_that_account_leads()
    {
        using var engine = await EngineOver(
            ("announcement", "2025-03-01", "The EU-Korea Digital Trade Agreement is concluded but not yet signed."),
            ("ceremony", "2025-05-20", "The EU and Korea signed the EU-Korea Digital Trade Agreement in Seoul on 20 May 2025."));

        var answer = await engine.AskAsync("Has the EU-Korea Digital Trade Agreement been signed?");

        Assert.True(answer.Answered, answer.Text);
        Assert.Equal(["ceremony", "announcement"], answer.Citations.Select(c => c.Document));
        Assert.StartsWith("Yes [1]: “The EU and Korea signed", answer.Text);
        Assert.Contains("An older source said otherwise", answer.Text);
    }

    [Fact]
    public async Task Two_dates_for_one_event_the_newer_report_s_date_opens_and_both_are_cited()
    {
        using var engine = await EngineOver(
            ("early-report", "2024-03-20", "The second Digital Partnership Council was held in Brussels on 25 March 2024."),
            ("later-report", "2024-03-28", "The second Digital Partnership Council was held in Brussels on 26 March 2024."));

        var answer = await engine.AskAsync("When was the second Digital Partnership Council held?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("26 March 2024 [1]: ", answer.Text);
        Assert.Equal(["later-report", "early-report"], answer.Citations.Select(c => c.Document));
        Assert.Contains("An older source gave another date: “The second Digital Partnership Council was held in Brussels on 25 March 2024.” [2]", answer.Text);
    }

    [Fact]
    public async Task Sources_that_agree_at_the_precision_they_share_are_not_a_disagreement()
    {
        using var engine = await EngineOver(
            ("monthly", "2024-04-02", "The second Digital Partnership Council was held in Brussels in March 2024."),
            ("daily", "2024-03-26", "The second Digital Partnership Council was held in Brussels on 26 March 2024."));

        var answer = await engine.AskAsync("When was the second Digital Partnership Council held?");

        Assert.True(answer.Answered, answer.Text);
        Assert.DoesNotContain("older source", answer.Text);
    }

    [Fact]
    public async Task Different_events_of_a_series_are_not_a_disagreement()
    {
        using var engine = await EngineOver(
            ("first", "2023-06-30", "The first Digital Partnership Council was held in Seoul on 30 June 2023."),
            ("second", "2024-03-26", "The second Digital Partnership Council was held in Brussels on 26 March 2024."));

        var answer = await engine.AskAsync("When was the Digital Partnership Council held?");

        Assert.True(answer.Answered, answer.Text);
        Assert.DoesNotContain("older source", answer.Text);
    }

    [Fact]
    public async Task Two_amounts_for_one_programme_the_newer_report_s_amount_opens_and_both_are_cited()
    {
        using var engine = await EngineOver(
            ("first-estimate", "2024-05-02", "The EU-Korea joint semiconductor research programme has a budget of €12 million."),
            ("final-figures", "2024-07-18", "The EU-Korea joint semiconductor research programme has a budget of €14.5 million."));

        var answer = await engine.AskAsync("How much is the budget of the EU-Korea joint semiconductor research programme?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("€14.5 million [1]: ", answer.Text);
        Assert.Equal(["final-figures", "first-estimate"], answer.Citations.Select(c => c.Document));
        Assert.Contains("An older source gave another amount: “The EU-Korea joint semiconductor research programme has a budget of €12 million.” [2]", answer.Text);
    }

    [Fact]
    public async Task A_korean_question_hears_of_the_other_amount_in_korean_with_both_amounts_the_korean_way()
    {
        using var engine = await EngineOver(
            ("first-estimate", "2024-05-02", "The EU-Korea joint semiconductor research programme has a budget of €12 million."),
            ("final-figures", "2024-07-18", "The EU-Korea joint semiconductor research programme has a budget of €14.5 million."));

        var answer = await engine.AskAsync("한-EU 반도체 공동연구 프로그램 예산은 얼마인가요?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("1,450만 유로 [1]: ", answer.Text);
        Assert.Contains("이전 자료에는 다른 금액이 나옵니다: “The EU-Korea joint semiconductor research programme has a budget of €12 million.” [2]", answer.Text);
    }

    [Fact]
    public async Task A_share_each_is_not_a_different_total()
    {
        using var engine = await EngineOver(
            ("total", "2024-05-02", "The EU-Korea joint semiconductor research programme has a budget of €12 million."),
            ("shares", "2024-07-18", "The EU-Korea joint semiconductor research programme has a budget of €6 million each."));

        var answer = await engine.AskAsync("How much is the budget of the EU-Korea joint semiconductor research programme?");

        Assert.True(answer.Answered, answer.Text);
        Assert.DoesNotContain("older source", answer.Text);
    }

    [Fact]
    public async Task Two_venues_for_one_council_the_newer_and_fuller_account_leads()
    {
        using var engine = await EngineOver(
            ("preview", "2024-03-01", "The second EU-Korea Digital Partnership Council will be held in Seoul."),
            ("report", "2024-03-27", "The second EU-Korea Digital Partnership Council was held at Le Berlaymont in Brussels."));

        var answer = await engine.AskAsync("Where was the second EU-Korea Digital Partnership Council held?");

        Assert.True(answer.Answered, answer.Text);
        Assert.Equal(["report", "preview"], answer.Citations.Select(c => c.Document));
        Assert.Contains("An older source named another place: “The second EU-Korea Digital Partnership Council will be held in Seoul.” [2]", answer.Text);
    }

    [Fact]
    public async Task A_venue_and_its_city_or_its_korean_name_are_one_place()
    {
        using var engine = await EngineOver(
            ("english", "2024-03-20", "The second EU-Korea Digital Partnership Council was held at Le Berlaymont in Brussels."),
            ("brief", "2024-03-27", "The second EU-Korea Digital Partnership Council was held in Brussels."));

        var answer = await engine.AskAsync("Where was the second EU-Korea Digital Partnership Council held?");

        Assert.True(answer.Answered, answer.Text);
        Assert.DoesNotContain("older source", answer.Text);
    }

    [Fact]
    public async Task Two_sets_of_signatories_the_newer_report_leads_and_both_are_cited()
    {
        using var engine = await EngineOver(
            ("advance", "2024-04-30", "The EU-Korea quantum memorandum was signed by Commissioner Anna Berger."),
            ("ceremony", "2024-05-03", "The EU-Korea quantum memorandum was signed by Commissioner Marta Lindqvist."));

        var answer = await engine.AskAsync("Who signed the EU-Korea quantum memorandum?");

        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("Marta Lindqvist [1]: ", answer.Text);
        Assert.Equal(["ceremony", "advance"], answer.Citations.Select(c => c.Document));
        Assert.Contains("An older source named other people: “The EU-Korea quantum memorandum was signed by Commissioner Anna Berger.” [2]", answer.Text);
    }

    [Fact]
    public async Task The_same_person_named_fully_and_by_title_is_no_disagreement()
    {
        using var engine = await EngineOver(
            ("advance", "2024-04-30", "The EU-Korea quantum memorandum was signed by Commissioner Anna Berger."),
            ("ceremony", "2024-05-03", "The EU-Korea quantum memorandum was signed by Ms Anna Berger and Minister Kim Min-su."));

        var answer = await engine.AskAsync("Who signed the EU-Korea quantum memorandum?");

        Assert.True(answer.Answered, answer.Text);
        Assert.DoesNotContain("older source", answer.Text);
    }

    [Theory]
    [InlineData("The agreement is still pending signature.", "Pending")]
    [InlineData("The two sides have yet to sign the deal.", "Pending")]
    [InlineData("The EU and Korea signed the agreement today.", "Done")]
    [InlineData("협정은 아직 서명되지 않았다.", "Pending")]
    [InlineData("양측은 협정에 서명했다.", "Done")]
    [InlineData("The agreement covers data flows.", "Unstated")]
    public void A_line_reports_its_event_done_pending_or_neither(string line, string expected) =>
        Assert.Equal(expected, Disagreement.StatusOf(line).ToString());
}
