using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatBot.Host.Tests.Support;

namespace ChatBot.Host.Tests.Web;

public sealed class AskApiTests(FakesWorkerFixture fixture) : IClassFixture<FakesWorkerFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Ask_returns_the_answer_model_as_camel_case_json()
    {
        using var response = await Client.PostAsJsonAsync("/api/ask", new { question = "When is the next council?" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("When is the next council?", root.GetProperty("question").GetString());
        Assert.True(root.GetProperty("answered").GetBoolean());
        Assert.Contains("[1]", root.GetProperty("text").GetString());
        Assert.Equal(0.82, root.GetProperty("confidence").GetDouble());
        Assert.Equal(2, root.GetProperty("documentsSearched").GetInt32());
        Assert.Equal(42, root.GetProperty("elapsedMs").GetInt64());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("suggestedTopics").ValueKind);

        var first = root.GetProperty("citations")[0];
        Assert.Equal(1, first.GetProperty("n").GetInt32());
        Assert.Equal(SampleAnswers.Council2023.Document, first.GetProperty("document").GetString());
        Assert.Equal(SampleAnswers.Council2023.Title, first.GetProperty("title").GetString());
        Assert.Equal("2023-06-30", first.GetProperty("date").GetString());
        Assert.Equal(SampleAnswers.Council2023.Url, first.GetProperty("url").GetString());
        Assert.Equal(SampleAnswers.Council2023.Quote, first.GetProperty("quote").GetString());
    }

    [Fact]
    public async Task Ask_tags_the_request_as_web_and_passes_the_previous_question()
    {
        var question = $"Who chaired it? {Guid.NewGuid()}";
        using var response = await Client.PostAsJsonAsync("/api/ask",
            new { question = $"  {question}  ", previousQuestion = "Where was the first council held?" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(fixture.Engine.Requests, r => r.Question == question);
        Assert.Equal("web", request.Origin);
        Assert.Equal("Where was the first council held?", request.PreviousQuestion);
    }

    [Fact]
    public async Task Ask_reports_a_refusal_with_suggested_topics()
    {
        using var response = await Client.PostAsJsonAsync("/api/ask", new { question = SampleAnswers.Unanswerable });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(json.RootElement.GetProperty("answered").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("citations").GetArrayLength());
        Assert.Equal(["semiconductors", "ai"], json.RootElement.GetProperty("suggestedTopics").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("{bad", "not valid JSON")]
    [InlineData("{\"question\": 42}", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("null", "JSON object")]
    [InlineData("{}", "must not be empty")]
    [InlineData("{\"question\": \"   \"}", "must not be empty")]
    public async Task Ask_rejects_bad_bodies_with_400_and_a_clear_message(string body, string expected)
    {
        using var response = await Client.PostAsync("/api/ask", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ErrorOf(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ask_accepts_1000_characters_and_rejects_1001()
    {
        using var atLimit = await Client.PostAsJsonAsync("/api/ask", new { question = new string('a', 1000) });
        using var overLimit = await Client.PostAsJsonAsync("/api/ask", new { question = new string('a', 1001) });

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, overLimit.StatusCode);
        Assert.Contains("too long (1001 characters; the limit is 1000)", await ErrorOf(overLimit));
    }

    [Fact]
    public async Task Ask_rejects_an_oversized_previous_question()
    {
        using var response = await Client.PostAsJsonAsync("/api/ask", new { question = "Who?", previousQuestion = new string('b', 1001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("previousQuestion is too long", await ErrorOf(response));
    }

    [Fact]
    public async Task Ask_refuses_bodies_over_16_KB_with_413_whether_or_not_the_length_is_declared()
    {
        var huge = JsonSerializer.Serialize(new { question = "x", padding = new string('p', 20_000) });
        using var declared = await Client.PostAsync("/api/ask", new StringContent(huge, Encoding.UTF8, "application/json"));
        using var chunkedContent = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(huge)));
        chunkedContent.Headers.ContentType = new("application/json");
        using var chunked = await Client.PostAsync("/api/ask", chunkedContent);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Null(chunked.RequestMessage?.Content?.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Contains("larger than 16384 bytes", await ErrorOf(chunked));

        // The refusal loses nothing else: the same worker still answers.
        using var after = await Client.PostAsJsonAsync("/api/ask", new { question = "When is the next council?" });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Ask_turns_an_engine_failure_into_500_without_leaking_the_exception()
    {
        using var response = await Client.PostAsJsonAsync("/api/ask", new { question = SampleAnswers.Explode });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Contains("answer engine failed", error);
        Assert.DoesNotContain("blew up", error);
    }

    internal static async Task<string> ErrorOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("error").GetString() ?? "";
    }

    /// <summary>A stream that hides its length, so HttpClient sends it chunked.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
