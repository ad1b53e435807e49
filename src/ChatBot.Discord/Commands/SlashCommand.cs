using ChatBot.Core.Conversations;

namespace ChatBot.Discord.Commands;

/// <summary>One slash command: what is registered and, through <see cref="Route"/>, what it asks the bot to do.</summary>
/// <param name="Route">Null for a command made of subcommands (each option routes itself).</param>
public sealed record SlashCommand(
    string Name,
    string Description,
    IReadOnlyList<int> Contexts,
    IReadOnlyList<SlashOption> Options,
    Func<OptionValues, ChatCommand>? Route)
{
    public string? DefaultMemberPermissions { get; init; }

    public ApplicationCommand ToRegistration(IReadOnlyList<int> integrationTypes) => new(
        Name,
        Description,
        Contexts,
        integrationTypes,
        Options.Count == 0 ? null : Options.Select(o => o.ToRegistration()).ToList(),
        DefaultMemberPermissions);
}
