using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;

namespace ChatBot.Core.Feedback;

public sealed record LoggedAnswer(string Id, ChannelKey Channel, string? UserId, Answer Answer, DateTimeOffset At);
