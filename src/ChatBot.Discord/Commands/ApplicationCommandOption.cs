namespace ChatBot.Discord.Commands;

/// <summary>An option or subcommand of <see cref="ApplicationCommand"/>, as registered.</summary>
public sealed record ApplicationCommandOption(
    int Type,
    string Name,
    string Description,
    bool? Required,
    int? MaxLength,
    bool? Autocomplete,
    IReadOnlyList<ApplicationCommandOption>? Options);
