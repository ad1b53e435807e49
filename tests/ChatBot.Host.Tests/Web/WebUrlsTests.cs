using System.Net;
using ChatBot.Host.Tests.Support;
using ChatBot.Host.Web;
using Microsoft.Extensions.Configuration;

namespace ChatBot.Host.Tests.Web;

public sealed class WebUrlsTests
{
    [Fact]
    public void Web_Urls_is_applied_when_no_standard_urls_setting_is_given()
    {
        var configuration = Config(new() { ["Web:Urls"] = "http://localhost:5000;http://127.0.0.1:5001" });

        Assert.Equal(["http://localhost:5000", "http://127.0.0.1:5001"], WebChatExtensions.ListenUrls(configuration)!);
    }

    [Fact]
    public void The_standard_urls_setting_wins_over_Web_Urls()
    {
        var configuration = Config(new() { ["Web:Urls"] = "http://localhost:5000", ["urls"] = "http://127.0.0.1:8080" });

        Assert.Null(WebChatExtensions.ListenUrls(configuration));
    }

    [Fact]
    public void The_default_is_localhost_5000()
    {
        Assert.Equal(["http://localhost:5000"], WebChatExtensions.ListenUrls(Config([]))!);
    }

    [Theory]
    [InlineData("http://localhost:5000", true)]
    [InlineData("https://0.0.0.0:443", true)]
    [InlineData("http://*:5000", true)]
    [InlineData("http://+:5000", true)]
    [InlineData("ftp://localhost:21", false)]
    [InlineData("localhost:5000", false)]
    [InlineData("/relative", false)]
    [InlineData("http://localhost:5000/chat", false)]
    public void Only_absolute_http_urls_are_listen_urls(string url, bool valid)
    {
        Assert.Equal(valid, WebOptionsValidator.IsListenUrl(url));
    }

    [Fact]
    public async Task The_worker_listens_where_Web_Urls_says()
    {
        await using var worker = await TestWorker.StartAsync(TestServices.Doubles(), useWebUrls: true);

        Assert.Equal("127.0.0.1", worker.BaseAddress.Host);
        Assert.NotEqual(0, worker.BaseAddress.Port);
        using var response = await worker.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static IConfiguration Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
