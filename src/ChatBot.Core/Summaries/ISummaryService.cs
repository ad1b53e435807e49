namespace ChatBot.Core.Summaries;

public interface ISummaryService
{
    Task<TopicSummary> SummarizeAsync(string topic, CancellationToken cancellationToken);
}
