using ChatBot.Core.Conversations;

namespace ChatBot.Teams.Commands;

/// <summary>One entry of the Teams command menu and how its text is read.</summary>
/// <param name="Title">What the user types (or picks from the menu), e.g. "digest now".</param>
/// <param name="Route">The command for the text after the title; null when that text does not fit it.</param>
public sealed record TeamsCommandDefinition(string Title, string Description, Func<string, ChatCommand?> Route)
{
    public string[] Words { get; } = Title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
