namespace ChatBot.Core.Conversations;

/// <summary>
/// What the bot remembers about one conversation (a Discord thread or DM, a Teams conversation
/// or reply chain, a web chat session) so the next question there is asked in context.
/// </summary>
/// <param name="LastQuestion">The latest question asked there; a follow-up ("who chaired it?") is read with it.</param>
/// <param name="StartedByBot">
/// True for a thread the bot opened on its own answer: everything said there is addressed to the
/// bot, mention or not.
/// </param>
public sealed record ConversationContext(string? LastQuestion, bool StartedByBot = false);
