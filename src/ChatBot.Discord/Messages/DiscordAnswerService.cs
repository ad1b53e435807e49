using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Feedback;
using ChatBot.Discord.Rendering;
using ChatBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Messages;

/// <summary>
/// Asks the engine, records the answer (so buttons can refer to it) and renders it; shared by
/// mentions, DMs and <c>/ask</c>.
/// </summary>
public sealed class DiscordAnswerService(IServiceProvider services, DiscordAnswerRenderer renderer, ILogger<DiscordAnswerService> logger)
{
    public const string Platform = "discord";
    public const string Origin = "discord";

    public async Task<IReadOnlyList<MessagePayload>> AnswerAsync(string channelId, string? userId, string question, string? previousQuestion, CancellationToken cancellationToken)
    {
        // Resolved per call: the adapter must start (and say what is missing) even where the engine is not registered.
        var engine = services.GetRequiredService<IAnswerEngine>();
        var answer = await engine.AskAsync(new AskRequest(question, previousQuestion, Origin), cancellationToken);
        var answerId = await RecordAsync(new ChannelKey(Platform, channelId), userId, answer, cancellationToken);
        return renderer.Render(answer, answerId);
    }

    /// <returns>The answer's id, or null when no answer log is available (then no buttons are shown).</returns>
    public async Task<string?> RecordAsync(ChannelKey channel, string? userId, Answer answer, CancellationToken cancellationToken)
    {
        var log = services.GetService<IAnswerLog>();
        if (log is null)
        {
            return null;
        }
        try
        {
            return await log.RecordAsync(channel, userId, answer, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The answer is still worth posting without its buttons.
            logger.LogError(e, "Could not record the answer; posting it without buttons");
            return null;
        }
    }

    public static MessagePayload Stopped(string what) =>
        new() { Content = $"Sorry, I could not {what} before restarting. Please ask again in a minute." };

    public static MessagePayload Failure(string what) =>
        new() { Content = $"Sorry, I could not {what} just now. Please try again in a moment." };
}
