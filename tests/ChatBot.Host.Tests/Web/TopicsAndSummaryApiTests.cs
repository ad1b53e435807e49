using System.Net;
using System.Text.Json;
using ChatBot.Host.Tests.Support;

namespace ChatBot.Host.Tests.Web;

public sealed class TopicsAndSummaryApiTests(FakesWorkerFixture fixture) : IClassFixture<FakesWorkerFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Topics_lists_every_topic_with_its_coverage()
    {
        using var response = await Client.GetAsync("/api/topics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var topics = json.RootElement.EnumerateArray()
            .Select(t => (t.GetProperty("id").GetString(), t.GetProperty("name").GetString(), t.GetProperty("documentCount").GetInt32()))
            .ToList();
        Assert.Equal([("semiconductors", "Semiconductors", 2), ("ai", "Artificial intelligence", 1)], topics);
    }

    [Fact]
    public async Task Summary_of_a_known_topic_is_the_answer_model()
    {
        using var response = await Client.GetAsync("/api/summary?topic=chips");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("answered").GetBoolean());
        Assert.StartsWith("Semiconductors:", json.RootElement.GetProperty("text").GetString());
        Assert.Equal(SampleAnswers.Council2023.Quote, json.RootElement.GetProperty("citations")[0].GetProperty("quote").GetString());
    }

    [Fact]
    public async Task Summary_of_an_unknown_topic_is_404_with_the_known_topics_and_the_closest()
    {
        using var response = await Client.GetAsync("/api/summary?topic=semiconductorz");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("unknown topic 'semiconductorz'", json.RootElement.GetProperty("error").GetString());
        Assert.Equal("semiconductors", json.RootElement.GetProperty("closest").GetProperty("id").GetString());
        Assert.Equal(["semiconductors", "ai"], json.RootElement.GetProperty("knownTopics").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("/api/summary")]
    [InlineData("/api/summary?topic=%20")]
    public async Task Summary_without_a_topic_is_400(string url)
    {
        using var response = await Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("topic query parameter is required", await AskApiTests.ErrorOf(response));
    }
}
