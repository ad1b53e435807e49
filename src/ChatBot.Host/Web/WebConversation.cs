using System.Security.Cryptography;
using ChatBot.Core.Conversations;

namespace ChatBot.Host.Web;

/// <summary>
/// A web chat conversation: an id the server hands out with the first answer and the page sends
/// back. It keys the follow-up context and the answer log, so a vote only counts on answers given
/// in the same conversation. The page has no user identity; the conversation stands in for one.
/// </summary>
public static class WebConversation
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const int Length = 22;

    /// <summary>131 random bits: not guessable, so nobody reads or votes in someone else's conversation.</summary>
    public static string NewId() => RandomNumberGenerator.GetString(Alphabet, Length);

    public static bool IsId(string? id) => id is { Length: Length } && id.All(c => char.IsAsciiLetterOrDigit(c));

    /// <param name="starts">The id was just made by <see cref="NewId"/>: nothing is stored under it yet.</param>
    public static ChatTurn Turn(string conversationId, ChatCommand command, bool starts = false) =>
        new(Platforms.Web, conversationId, conversationId, conversationId, command) { StartsConversation = starts };
}
