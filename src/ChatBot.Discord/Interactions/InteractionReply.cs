using ChatBot.Discord.Rest;

namespace ChatBot.Discord.Interactions;

/// <param name="Response">What to answer within Discord's 3-second deadline.</param>
/// <param name="After">Slow work to run once the response was delivered (it edits the deferred reply).</param>
public sealed record InteractionReply(InteractionResponse Response, Func<CancellationToken, Task>? After = null);
