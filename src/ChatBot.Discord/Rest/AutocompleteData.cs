namespace ChatBot.Discord.Rest;

public sealed record AutocompleteData(IReadOnlyList<CommandChoice> Choices);
