namespace ChatBot.Core.Answers;

/// <summary>
/// One numbered source behind an answer. <see cref="Quote"/> is always a verbatim run of
/// sentences of <see cref="Document"/>; renderers may shorten it for display but never alter it.
/// </summary>
public sealed record Citation(
    int N,
    string Document,
    string Title,
    DateOnly? Date,
    string? Url,
    string Quote);
