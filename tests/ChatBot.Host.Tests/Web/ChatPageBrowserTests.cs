using ChatBot.Core.Answers;
using ChatBot.Host.Tests.Fakes;
using ChatBot.Host.Tests.Support;
using Microsoft.Playwright;

namespace ChatBot.Host.Tests.Web;

/// <summary>The chat page in a real browser against the real worker.</summary>
public sealed class ChatPageBrowserTests
{
    [Fact]
    public async Task Asking_about_the_next_council_shows_a_cited_answer()
    {
        // The real engine, topics and summaries over the repository's corpus: the page shows what the bots show.
        await using var worker = await TestWorker.StartAsync();
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1000, Height = 760 } });
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        await page.GotoAsync(worker.BaseAddress.ToString());
        await page.Locator("#topic-list .chip").First.WaitForAsync();
        await page.FillAsync("#question", "When is the next council?");
        await page.ClickAsync("#ask-button");
        var answer = page.Locator("li.answer").First;
        await answer.Locator("ol.sources li").First.WaitForAsync();

        var markers = answer.Locator("p.text sup a");
        Assert.True(await markers.CountAsync() >= 1, "the answer shows no [n] markers");
        var firstMarker = markers.First;
        Assert.Equal("[1]", await firstMarker.TextContentAsync());
        var target = (await firstMarker.GetAttributeAsync("href"))!;
        var source = page.Locator(target);
        Assert.Equal(1, await source.CountAsync());
        var title = await source.Locator(".title").TextContentAsync();
        Assert.False(string.IsNullOrWhiteSpace(title));
        Assert.Contains(title!, await firstMarker.GetAttributeAsync("title"));
        Assert.Matches(@"\(\d{4}-\d{2}-\d{2}\)", await source.Locator(".date").TextContentAsync());
        // A source links out exactly when its document names one unambiguous address.
        var cited = await worker.Services.GetRequiredService<IAnswerEngine>().AskAsync(new AskRequest("When is the next council?"), CancellationToken.None);
        if (cited.Citations[0].Url is { } url)
        {
            Assert.Equal(url, await source.Locator("a").GetAttributeAsync("href"));
        }
        else
        {
            Assert.Equal(0, await source.Locator("a").CountAsync());
        }

        // The quote behind the citation expands in place.
        await source.Locator("details summary").ClickAsync();
        var quote = source.Locator("details blockquote");
        Assert.True(await quote.IsVisibleAsync());
        Assert.False(string.IsNullOrWhiteSpace(await quote.TextContentAsync()));

        // The viewport (not the full page, where the sticky question box would float mid-page) for the README.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("web-chat.png") });

        // A topic chip shows that topic's cited summary.
        await page.Locator("#topic-list .chip").First.ClickAsync();
        var summary = page.Locator("li.answer").Nth(1);
        await summary.WaitForAsync();
        Assert.StartsWith("Summary", await summary.Locator(".kind").TextContentAsync());

        Assert.True(await summary.Locator("ol.sources li").CountAsync() >= 1, "the summary shows no sources");

        // A question the documents cannot answer is declined, with topics to try instead.
        await page.FillAsync("#question", "What is the recipe for kimchi pancakes?");
        await page.ClickAsync("#ask-button");
        var refusal = page.Locator("li.answer").Nth(2);
        await refusal.WaitForAsync();
        Assert.Contains("refused", await refusal.GetAttributeAsync("class"));
        Assert.Equal(0, await refusal.Locator("ol.sources").CountAsync());
        Assert.True(await refusal.Locator(".chip").CountAsync() >= 1, "the refusal suggests no topics");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("web-chat-summary.png"), FullPage = true });
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task A_source_with_an_address_links_to_it()
    {
        var engine = new FakeAnswerEngine(request => new Answer(request.Question, true, "The first council met in Seoul. [1]", [SampleAnswers.Council2023], 0.9));
        await using var worker = await TestWorker.StartAsync(TestServices.Doubles(engine));
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(worker.BaseAddress.ToString());
        await page.FillAsync("#question", "Where did the first council meet?");
        await page.ClickAsync("#ask-button");
        var link = page.Locator("li.answer").First.Locator("ol.sources li a");
        await link.First.WaitForAsync();

        Assert.Equal(SampleAnswers.Council2023.Url, await link.First.GetAttributeAsync("href"));
    }

    [Fact]
    public async Task Markup_in_answers_and_quotes_is_shown_as_text_never_run()
    {
        const string Markup = "<img src=x onerror=\"document.title='pwned'\"><b>bold</b>";
        var engine = new FakeAnswerEngine(request => new Answer(
            request.Question,
            true,
            $"{Markup} [1]",
            [SampleAnswers.Council2023 with { Title = Markup, Quote = Markup, Url = "javascript:alert(1)" }],
            0.5));
        await using var worker = await TestWorker.StartAsync(TestServices.Doubles(engine));
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(worker.BaseAddress.ToString());
        await page.FillAsync("#question", "Anything?");
        await page.ClickAsync("#ask-button");
        var answer = page.Locator("li.answer").First;
        await answer.Locator("ol.sources li").First.WaitForAsync();

        Assert.Equal(0, await answer.Locator("img, b").CountAsync());
        Assert.Contains(Markup, await answer.Locator("p.text").TextContentAsync());
        Assert.Equal(Markup, await answer.Locator("ol.sources .title").TextContentAsync());
        Assert.Equal(0, await answer.Locator("ol.sources a").CountAsync());
        Assert.NotEqual("pwned", await page.TitleAsync());
    }
}
