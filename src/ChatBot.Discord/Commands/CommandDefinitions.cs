namespace ChatBot.Discord.Commands;

/// <summary>The slash commands, in the shape <c>PUT /applications/{id}/commands</c> expects.</summary>
public static class CommandDefinitions
{
    private const int SubCommand = 1;
    private const int String = 3;

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

    public static IReadOnlyList<object> All { get; } =
    [
        new
        {
            name = "ask",
            description = "Ask a question about the EU–Korea Digital Partnership",
            contexts = Anywhere,
            integration_types = GuildInstall,
            options = new[] { new { type = String, name = "question", description = "Your question", required = true, max_length = 500 } },
        },
        new
        {
            name = "summary",
            description = "A cited overview of one topic",
            contexts = Anywhere,
            integration_types = GuildInstall,
            options = new[] { new { type = String, name = "topic", description = "The topic", required = true, autocomplete = true } },
        },
        new
        {
            name = "topics",
            description = "List the topics I can summarise",
            contexts = Anywhere,
            integration_types = GuildInstall,
        },
        new
        {
            name = "digest",
            description = "Scheduled digests of what is new in the documents",
            default_member_permissions = ManageChannels,
            contexts = ServersOnly,
            integration_types = GuildInstall,
            options = new object[]
            {
                new { type = SubCommand, name = "now", description = "Post this channel's digest now" },
                new
                {
                    type = SubCommand,
                    name = "subscribe",
                    description = "Post digests here on a schedule",
                    options = new[] { new { type = String, name = "schedule", description = "Cron expression (default: weekly, Monday 09:00)", required = false } },
                },
                new { type = SubCommand, name = "unsubscribe", description = "Stop posting digests here" },
                new { type = SubCommand, name = "status", description = "Subscription, last runs and why nothing was posted" },
            },
        },
    ];
}
