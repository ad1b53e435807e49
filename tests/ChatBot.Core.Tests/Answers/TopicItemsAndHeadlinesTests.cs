using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Answers;

/// <summary>
/// A council report that names its topics in one line and lists what was agreed under each topic
/// further down, and two reports of a launch: one whose headline states it (dated only by the
/// report), one announcing another "joint project" on a date of its own.
/// </summary>
public sealed class TopicItemsAndHeadlinesTests() : WrittenCorpusTests(new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero))
{
    protected override void WriteCorpus(TempFolder corpus)
    {
        corpus.Write("2023-06-30-eu-korea-battery-council.md", """
            ---
            title: "EU and Korea deepen battery cooperation"
            date: 2023-06-30
            ---
            EU and Korea deepen battery cooperation

            Meeting as the Battery Council, the EU and Korea agreed to work together on batteries, hydrogen, recycling, critical raw materials and skills.

            The parties agreed on these points:

            1. Cooperation in hydrogen:
               - Set up the EU-Korea Hydrogen Researchers Network, which will run joint workshops.
               - Study a shared pilot plant for green electrolysers.
            2. Cooperation in recycling:
               - Share data on recycling rates.
            """);
        corpus.Write("2024-07-18-eu-korea-launch-battery-projects.md", """
            ---
            title: "EU and Korea launch joint battery research projects"
            date: 2024-07-18
            ---
            EU and Korea launch joint battery research projects
            Three jointly funded projects on solid-state cells have been announced by the EU and Korea.
            """);
        corpus.Write("2024-03-14-battery-forum-announcement.md", """
            ---
            title: "Korea-EU Battery Researchers Forum"
            date: 2024-03-14
            ---
            Korea-EU Battery Researchers Forum

            The EU-Korea alliance will now launch its first big joint project: the Korea-EU Battery Researchers Forum, planned in Brussels for March 25-26, 2024.
            """);
    }

    [Fact]
    public async Task What_was_agreed_on_a_topic_quotes_the_items_listed_under_it()
    {
        var answer = await Engine.AskAsync("what did the EU and Korea agree on hydrogen at the battery council?");

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains(answer.Citations, c => c.Quote.Contains("Hydrogen Researchers Network", StringComparison.Ordinal));
        Assert.DoesNotContain(answer.Citations, c => c.Quote.Contains("recycling rates", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_headline_stating_the_stage_asked_about_is_dated_by_its_report()
    {
        var answer = await Engine.AskAsync("when did the EU and Korea start the joint battery research projects?");

        Assert.True(answer.Answered, answer.Text);
        Assert.Equal("2024-07-18-eu-korea-launch-battery-projects", answer.Citations[0].Document);
        Assert.DoesNotContain("March 25-26", answer.Text, StringComparison.Ordinal);
    }
}
