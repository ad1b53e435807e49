using ChatBot.Core.Conversations;
using ChatBot.Discord.Rest;

namespace ChatBot.Discord.Commands;

/// <summary>
/// The slash commands, declared once: <see cref="CommandRegistrar"/> registers exactly this table
/// (<c>PUT /applications/{id}/commands</c>) and the interaction handler routes by it, so a
/// command cannot be registered without a route or routed without being registered.
/// </summary>
public static class CommandDefinitions
{
    /// <summary>MANAGE_CHANNELS: subscribing a channel to digests is a moderator's decision.</summary>
    private const string ManageChannels = "16";

    // Interaction context types: where a command may be used. Without `contexts` Discord allows
    // servers and the bot's DMs, where no one has Manage Channels to check.
    private const int Guild = 0;
    private const int BotDm = 1;

    /// <summary>Installed to servers (the bot scope), not to users' accounts.</summary>
    private static readonly int[] GuildInstall = [0];

    private static readonly int[] Anywhere = [Guild, BotDm];
    private static readonly int[] ServersOnly = [Guild];

    public static IReadOnlyList<SlashCommand> All { get; } =
    [
        new("ask", "Ask a question about the EU–Korea Digital Partnership", Anywhere,
            [SlashOption.Text("question", "Your question", required: true, maxLength: 500)],
            options => new ChatCommand.Ask(options.Text("question") ?? "")),
        new("summary", "A cited overview of one topic", Anywhere,
            [SlashOption.Text("topic", "The topic", required: true, autocomplete: true)],
            options => new ChatCommand.Summary(options.Text("topic") ?? "")),
        new("topics", "List the topics I can summarise", Anywhere, [], _ => new ChatCommand.Topics()),
        new("digest", "Scheduled digests of what is new in the documents", ServersOnly,
            [
                SlashOption.Sub("now", "Post this channel's digest now", _ => new ChatCommand.DigestNow()),
                SlashOption.Sub("subscribe", "Post digests here on a schedule", options => new ChatCommand.DigestSubscribe(options.Text("schedule")),
                    [SlashOption.Text("schedule", "Cron expression (default: weekly, Monday 09:00)", required: false)]),
                SlashOption.Sub("unsubscribe", "Stop posting digests here", _ => new ChatCommand.DigestUnsubscribe()),
                SlashOption.Sub("status", "Subscription, last runs and why nothing was posted", _ => new ChatCommand.DigestStatus()),
            ],
            Route: null)
        {
            DefaultMemberPermissions = ManageChannels,
        },
    ];

    /// <summary>The registration payload: the table as Discord's application command objects.</summary>
    public static IReadOnlyList<ApplicationCommand> Registration { get; } = All.Select(c => c.ToRegistration(GuildInstall)).ToList();

    /// <returns>The command a slash-command interaction asks for, or null when the table has no route for it.</returns>
    public static ChatCommand? Route(InteractionData data)
    {
        var command = All.FirstOrDefault(c => c.Name == data.Name);
        if (command is null)
        {
            return null;
        }
        if (command.Route is { } route)
        {
            return route(new OptionValues(data.Options));
        }
        // A command with subcommands: the first option names the one chosen.
        var chosen = data.Options.FirstOrDefault();
        var sub = command.Options.FirstOrDefault(o => o.Route is not null && o.Name == chosen?.Name);
        return sub?.Route!(new OptionValues(chosen!.Options));
    }

    public static bool IsServersOnly(string? name) => All.FirstOrDefault(c => c.Name == name)?.Contexts.SequenceEqual(ServersOnly) == true;
}

