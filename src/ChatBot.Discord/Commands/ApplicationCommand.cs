namespace ChatBot.Discord.Commands;

/// <summary>Discord's application command object, as registered.</summary>
public sealed record ApplicationCommand(
    string Name,
    string Description,
    IReadOnlyList<int> Contexts,
    IReadOnlyList<int> IntegrationTypes,
    IReadOnlyList<ApplicationCommandOption>? Options,
    string? DefaultMemberPermissions);
