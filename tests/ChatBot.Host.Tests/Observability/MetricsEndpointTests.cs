using System.Net;
using System.Net.Http.Json;
using ChatBot.Core.Answers;
using ChatBot.Host.Observability;
using ChatBot.Host.Tests.Support;

namespace ChatBot.Host.Tests.Observability;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_count_questions_from_every_platform_through_the_registered_engine()
    {
        await using var worker = await TestWorker.StartAsync(TestServices.Doubles());

        using (var answered = await worker.Client.PostAsJsonAsync("/api/ask", new { question = "When is the next council?" }))
        using (var refused = await worker.Client.PostAsJsonAsync("/api/ask", new { question = SampleAnswers.Unanswerable }))
        using (var failed = await worker.Client.PostAsJsonAsync("/api/ask", new { question = SampleAnswers.Explode }))
        {
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }
        // What an adapter does: resolve the engine and ask with its own origin.
        var engine = worker.Services.GetRequiredService<IAnswerEngine>();
        Assert.IsType<MeteredAnswerEngine>(engine);
        await engine.AskAsync(new AskRequest("When is the next council?", Origin: "discord"), CancellationToken.None);

        using var response = await worker.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        var samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, samples["chatbot_questions_total{platform=\"web\",outcome=\"answered\"}"]);
        Assert.Equal(1, samples["chatbot_questions_total{platform=\"web\",outcome=\"refused\"}"]);
        Assert.Equal(1, samples["chatbot_questions_total{platform=\"web\",outcome=\"error\"}"]);
        Assert.Equal(3, samples["chatbot_answer_latency_seconds_count{platform=\"web\"}"]);
        Assert.Equal(1, samples["chatbot_questions_total{platform=\"discord\",outcome=\"answered\"}"]);
        Assert.Equal(0, samples["chatbot_questions_total{platform=\"teams\",outcome=\"answered\"}"]);
    }

    [Fact]
    public async Task Bad_requests_never_reach_the_engine_so_they_are_not_counted()
    {
        await using var worker = await TestWorker.StartAsync(TestServices.Doubles());

        using var bad = await worker.Client.PostAsJsonAsync("/api/ask", new { question = "" });
        var samples = PrometheusText.Parse(await worker.Client.GetStringAsync("/metrics"));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(0, samples["chatbot_answer_latency_seconds_count{platform=\"web\"}"]);
    }
}
