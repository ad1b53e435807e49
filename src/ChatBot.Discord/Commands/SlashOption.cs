using ChatBot.Core.Conversations;

namespace ChatBot.Discord.Commands;

/// <summary>An option of a command, or a subcommand with its own options and route.</summary>
public sealed record SlashOption(
    int Type,
    string Name,
    string Description,
    bool? Required = null,
    int? MaxLength = null,
    bool? Autocomplete = null,
    IReadOnlyList<SlashOption>? Options = null,
    Func<OptionValues, ChatCommand>? Route = null)
{
    public const int SubCommandType = 1;
    public const int StringType = 3;

    public static SlashOption Text(string name, string description, bool required, int? maxLength = null, bool autocomplete = false) =>
        new(StringType, name, description, required, maxLength, autocomplete ? true : null);

    public static SlashOption Sub(string name, string description, Func<OptionValues, ChatCommand> route, IReadOnlyList<SlashOption>? options = null) =>
        new(SubCommandType, name, description, Options: options, Route: route);

    public ApplicationCommandOption ToRegistration() =>
        new(Type, Name, Description, Required, MaxLength, Autocomplete, Options?.Select(o => o.ToRegistration()).ToList());
}
