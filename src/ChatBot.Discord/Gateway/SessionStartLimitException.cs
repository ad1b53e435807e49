using ChatBot.Discord.Rest;

namespace ChatBot.Discord.Gateway;

/// <summary>The daily identify budget is used up; identifying anyway would make Discord reset the bot token.</summary>
internal sealed class SessionStartLimitException(SessionStartLimit limit)
    : Exception($"Discord's session start limit is used up (0 of {limit.Total} identifies left). Not identifying until it resets in {TimeSpan.FromMilliseconds(Math.Max(0, limit.ResetAfter)):g}: going over it makes Discord reset the bot token.")
{
    public SessionStartLimit Limit { get; } = limit;
}
