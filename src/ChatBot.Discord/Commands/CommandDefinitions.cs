namespace ChatBot.Discord.Commands;

/// <summary>The slash commands, in the shape <c>PUT /applications/{id}/commands</c> expects.</summary>
public static class CommandDefinitions
{
    private const int SubCommand = 1;
    private const int String = 3;

    /// <summary>MANAGE_CHANNELS: subscribing a channel to digests is a moderator's decision.</summary>
    private const string ManageChannels = "16";

    public static IReadOnlyList<object> All { get; } =
    [
        new
        {
            name = "ask",
            description = "Ask a question about the EU–Korea Digital Partnership",
            options = new[] { new { type = String, name = "question", description = "Your question", required = true, max_length = 500 } },
        },
        new
        {
            name = "summary",
            description = "A cited overview of one topic",
            options = new[] { new { type = String, name = "topic", description = "The topic", required = true, autocomplete = true } },
        },
        new
        {
            name = "topics",
            description = "List the topics I can summarise",
        },
        new
        {
            name = "digest",
            description = "Scheduled digests of what is new in the documents",
            default_member_permissions = ManageChannels,
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
