namespace ChatBot.Core.Feedback;

public sealed record FeedbackEntry(string AnswerId, string Question, bool Helpful, string? UserId, DateTimeOffset At)
{
    /// <summary>What the user typed with the vote, if anything.</summary>
    public string? Comment { get; init; }
}
