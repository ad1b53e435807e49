using System.Net;
using System.Text.RegularExpressions;
using ChatBot.Host.Tests.Support;

namespace ChatBot.Host.Tests.Web;

public sealed partial class ChatPageTests(FakesWorkerFixture fixture) : IClassFixture<FakesWorkerFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Root_serves_the_chat_page_with_its_own_script_and_stylesheet()
    {
        using var response = await Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"chat.js\"", html);
        Assert.Contains("<link rel=\"stylesheet\" href=\"chat.css\">", html);
        Assert.Contains("id=\"ask-form\"", html);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/chat.js", "text/javascript")]
    [InlineData("/chat.css", "text/css")]
    public async Task Page_files_load_nothing_from_other_hosts(string path, string mediaType)
    {
        using var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(ExternalReference(), text);
    }

    [Fact]
    public async Task Script_never_parses_server_text_as_html()
    {
        var script = await Client.GetStringAsync("/chat.js");

        Assert.DoesNotContain("innerHTML", script);
        Assert.DoesNotContain("insertAdjacentHTML", script);
        Assert.DoesNotContain("document.write", script);
        Assert.Contains("textContent", script);
    }

    [Fact]
    public async Task Unchanged_page_files_are_revalidated_with_304()
    {
        using var first = await Client.GetAsync("/chat.js");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/chat.js");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    // src/href/url()/import pointing at an absolute or protocol-relative URL.
    [GeneratedRegex("""(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import|import\s*\(""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
