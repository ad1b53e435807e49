using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatBot.Core.Knowledge;
using ChatBot.Host.Tests.Observability;
using ChatBot.Host.Tests.Support;

namespace ChatBot.Host.Tests.Web;

/// <summary>The worker exactly as <c>dotnet run</c> builds it: real engine over the repository's corpus.</summary>
public sealed class RealEngineApiTests
{
    [Fact]
    public async Task The_real_worker_answers_the_council_question_with_verbatim_citations_and_counts_it()
    {
        await using var worker = await TestWorker.StartAsync();
        var knowledge = worker.Services.GetRequiredService<IKnowledgeBase>();
        await knowledge.WhenReady;

        using var ready = await worker.Client.GetAsync("/readyz");
        using var response = await worker.Client.PostAsJsonAsync("/api/ask", new { question = "When is the next council?" });

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var answer = json.RootElement;
        Assert.True(answer.GetProperty("answered").GetBoolean(), answer.GetProperty("text").GetString());
        var citations = answer.GetProperty("citations").EnumerateArray().ToList();
        Assert.NotEmpty(citations);
        var markers = Regex.Matches(answer.GetProperty("text").GetString()!, @"\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
        Assert.Equal(markers.Order(), citations.Select(c => c.GetProperty("n").GetInt32()).Order());
        foreach (var citation in citations)
        {
            var document = citation.GetProperty("document").GetString()!;
            var text = string.Join(" ", knowledge.PassagesOf(document).SelectMany(p => p.Sentences));
            Assert.Contains(citation.GetProperty("quote").GetString()!, text);
            Assert.False(string.IsNullOrWhiteSpace(citation.GetProperty("title").GetString()));
        }
        Assert.Equal(knowledge.Documents.Count, answer.GetProperty("documentsSearched").GetInt32());

        var samples = PrometheusText.Parse(await worker.Client.GetStringAsync("/metrics"));
        Assert.Equal(1, samples["chatbot_questions_total{platform=\"web\",outcome=\"answered\"}"]);
    }

    [Fact]
    public async Task The_real_worker_lists_topics_and_summarises_each_known_one_with_citations()
    {
        await using var worker = await TestWorker.StartAsync();
        await worker.Services.GetRequiredService<IKnowledgeBase>().WhenReady;

        using var topics = JsonDocument.Parse(await worker.Client.GetStringAsync("/api/topics"));
        var first = topics.RootElement.EnumerateArray().First(t => t.GetProperty("documentCount").GetInt32() > 0);
        var id = first.GetProperty("id").GetString()!;
        using var summary = await worker.Client.GetAsync($"/api/summary?topic={Uri.EscapeDataString(id)}");
        using var unknown = await worker.Client.GetAsync("/api/summary?topic=underwater-basket-weaving");
        using var ready = await worker.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        using var body = JsonDocument.Parse(await summary.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("answered").GetBoolean());
        Assert.NotEmpty(body.RootElement.GetProperty("citations").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"store open\"", await ready.Content.ReadAsStringAsync());
    }
}
