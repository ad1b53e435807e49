using ChatBot.Core.Answers;
using ChatBot.Host.Observability;
using ChatBot.Host.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Host.Tests.Observability;

public sealed class AnswerMetricsTests
{
    [Fact]
    public void Fresh_registry_shows_zero_series_for_every_known_platform()
    {
        var samples = PrometheusText.Parse(new AnswerMetrics().Render());

        foreach (var platform in new[] { "discord", "teams", "web" })
        {
            foreach (var outcome in AnswerMetrics.Outcomes)
            {
                Assert.Equal(0, samples[$"chatbot_questions_total{{platform=\"{platform}\",outcome=\"{outcome}\"}}"]);
            }
            Assert.Equal(0, samples[$"chatbot_answer_latency_seconds_count{{platform=\"{platform}\"}}"]);
        }
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_with_sum_and_count()
    {
        var metrics = new AnswerMetrics();
        metrics.Record("web", "answered", TimeSpan.FromMilliseconds(30));
        metrics.Record("web", "refused", TimeSpan.FromMilliseconds(300));
        metrics.Record("web", "error", TimeSpan.FromSeconds(20));

        var samples = PrometheusText.Parse(metrics.Render());

        Assert.Equal(0, samples["chatbot_answer_latency_seconds_bucket{platform=\"web\",le=\"0.025\"}"]);
        Assert.Equal(1, samples["chatbot_answer_latency_seconds_bucket{platform=\"web\",le=\"0.05\"}"]);
        Assert.Equal(1, samples["chatbot_answer_latency_seconds_bucket{platform=\"web\",le=\"0.25\"}"]);
        Assert.Equal(2, samples["chatbot_answer_latency_seconds_bucket{platform=\"web\",le=\"0.5\"}"]);
        Assert.Equal(2, samples["chatbot_answer_latency_seconds_bucket{platform=\"web\",le=\"10\"}"]);
        Assert.Equal(3, samples["chatbot_answer_latency_seconds_bucket{platform=\"web\",le=\"+Inf\"}"]);
        Assert.Equal(3, samples["chatbot_answer_latency_seconds_count{platform=\"web\"}"]);
        Assert.Equal(20.33, samples["chatbot_answer_latency_seconds_sum{platform=\"web\"}"], 6);
        Assert.Equal(1, samples["chatbot_questions_total{platform=\"web\",outcome=\"answered\"}"]);
        Assert.Equal(1, samples["chatbot_questions_total{platform=\"web\",outcome=\"refused\"}"]);
        Assert.Equal(1, samples["chatbot_questions_total{platform=\"web\",outcome=\"error\"}"]);
    }

    [Theory]
    [InlineData("cli", "cli")]
    [InlineData("Discord", "discord")]
    [InlineData("we\"b", "other")]
    [InlineData("", "other")]
    [InlineData("a-very-long-origin-name-that-nobody-would-ever-use", "other")]
    public void Platform_labels_stay_safe_and_small(string origin, string label)
    {
        var metrics = new AnswerMetrics();
        metrics.Record(origin, "answered", TimeSpan.Zero);

        var samples = PrometheusText.Parse(metrics.Render());

        Assert.Equal(1, samples[$"chatbot_questions_total{{platform=\"{label}\",outcome=\"answered\"}}"]);
    }

    [Fact]
    public async Task Metered_engine_times_answers_with_the_time_provider_and_counts_outcomes()
    {
        var time = new FakeTimeProvider();
        var metrics = new AnswerMetrics();
        var engine = new MeteredAnswerEngine(new FakeSlowAnswerEngine(time, TimeSpan.FromMilliseconds(700)), metrics, time);

        await engine.AskAsync(new AskRequest("When is the next council?", Origin: "teams"), CancellationToken.None);
        await engine.AskAsync(new AskRequest(SampleAnswers.Unanswerable, Origin: "teams"), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            engine.AskAsync(new AskRequest(SampleAnswers.Explode, Origin: "teams"), CancellationToken.None));

        var samples = PrometheusText.Parse(metrics.Render());
        Assert.Equal(1, samples["chatbot_questions_total{platform=\"teams\",outcome=\"answered\"}"]);
        Assert.Equal(1, samples["chatbot_questions_total{platform=\"teams\",outcome=\"refused\"}"]);
        Assert.Equal(1, samples["chatbot_questions_total{platform=\"teams\",outcome=\"error\"}"]);
        Assert.Equal(0, samples["chatbot_answer_latency_seconds_bucket{platform=\"teams\",le=\"0.5\"}"]);
        Assert.Equal(3, samples["chatbot_answer_latency_seconds_bucket{platform=\"teams\",le=\"1\"}"]);
        Assert.Equal(2.1, samples["chatbot_answer_latency_seconds_sum{platform=\"teams\"}"], 6);
    }

    [Fact]
    public async Task A_cancelled_question_is_not_counted_as_an_engine_error()
    {
        var metrics = new AnswerMetrics();
        var engine = new MeteredAnswerEngine(new CancellingEngine(), metrics, new FakeTimeProvider());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            engine.AskAsync(new AskRequest("q", Origin: "web"), cancelled.Token));

        Assert.Equal(0, PrometheusText.Parse(metrics.Render())["chatbot_questions_total{platform=\"web\",outcome=\"error\"}"]);
    }

    /// <summary>Takes <paramref name="delay"/> of fake time per question, then answers like the sample engine.</summary>
    private sealed class FakeSlowAnswerEngine(FakeTimeProvider time, TimeSpan delay) : IAnswerEngine
    {
        public Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken)
        {
            time.Advance(delay);
            return Task.FromResult(SampleAnswers.For(request));
        }
    }

    private sealed class CancellingEngine : IAnswerEngine
    {
        public Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken) =>
            Task.FromCanceled<Answer>(cancellationToken);
    }
}
