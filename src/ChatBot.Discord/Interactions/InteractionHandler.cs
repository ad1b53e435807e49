using System.Globalization;
using System.Text;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Feedback;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;
using ChatBot.Discord.Messages;
using ChatBot.Discord.Rendering;
using ChatBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Interactions;

/// <param name="Response">What to answer within Discord's 3-second deadline.</param>
/// <param name="After">Slow work to run once the response was delivered (it edits the deferred reply).</param>
public sealed record InteractionReply(InteractionResponse Response, Func<CancellationToken, Task>? After = null);

/// <summary>
/// One place that answers interactions, whether they arrive on the gateway or the HTTP endpoint:
/// PING, slash commands, topic autocomplete and the answer buttons. Anything that may take time is
/// deferred at once and finished by editing the original response.
/// </summary>
public sealed class InteractionHandler(
    IServiceProvider services,
    DiscordRestClient rest,
    DiscordAnswerService answers,
    DiscordAnswerRenderer renderer,
    ConversationContexts contexts,
    ILogger<InteractionHandler> logger)
{
    public InteractionReply Handle(Interaction interaction) => interaction.Type switch
    {
        Interaction.PingType => new(InteractionResponse.PongResponse),
        Interaction.CommandType => Command(interaction),
        Interaction.AutocompleteType => Autocomplete(interaction),
        Interaction.ComponentType => Component(interaction),
        _ => Immediate($"I do not know how to handle interaction type {interaction.Type}.", ephemeral: true),
    };

    private InteractionReply Command(Interaction interaction)
    {
        var data = interaction.Data ?? new InteractionData();
        return data.Name switch
        {
            "ask" => Deferred(interaction, ephemeral: false, "answer that", ct => AskAsync(interaction, Option(data.Options, "question") ?? "", ct)),
            "summary" => Deferred(interaction, ephemeral: false, "summarise that topic", ct => SummaryAsync(Option(data.Options, "topic") ?? "", ct)),
            "topics" => Topics(),
            "digest" => Digest(interaction, data.Options.FirstOrDefault()),
            _ => Immediate($"Unknown command /{data.Name}.", ephemeral: true),
        };
    }

    private async Task<IReadOnlyList<MessagePayload>> AskAsync(Interaction interaction, string question, CancellationToken cancellationToken)
    {
        question = question.Trim();
        if (question.Length == 0)
        {
            return [new MessagePayload { Content = MessageHandler.Help }];
        }
        var channelId = interaction.ChannelId ?? "";
        var previous = await contexts.PreviousQuestionAsync(channelId, cancellationToken);
        return await answers.AnswerAsync(channelId, interaction.UserId, question, previous, cancellationToken);
    }

    private async Task<IReadOnlyList<MessagePayload>> SummaryAsync(string topic, CancellationToken cancellationToken)
    {
        var summaries = services.GetService<ISummaryService>();
        if (summaries is null)
        {
            return [new MessagePayload { Content = "Topic summaries are not available on this server yet." }];
        }
        var result = await summaries.SummarizeAsync(topic, cancellationToken);
        if (result.Found)
        {
            return renderer.Render(result.Summary!, answerId: null, heading: $"Summary: {result.Topic!.Name}");
        }
        var text = new StringBuilder($"I do not know a topic called \"{TextSplitter.Shorten(topic, 100)}\".");
        if (result.Closest is { } closest)
        {
            text.Append($" Did you mean **{closest.Name}** (`{closest.Id}`)?");
        }
        if (result.KnownTopics.Count > 0)
        {
            text.Append("\nKnown topics: ").Append(string.Join(", ", result.KnownTopics.Select(t => t.Name))).Append('.');
        }
        return [new MessagePayload { Content = TextSplitter.Shorten(text.ToString(), DiscordLimits.Content) }];
    }

    private InteractionReply Topics()
    {
        var catalog = services.GetService<ITopicCatalog>();
        if (catalog is null || catalog.Topics.Count == 0)
        {
            return Immediate("No topics are configured yet.", ephemeral: true);
        }
        var text = new StringBuilder("**Topics I can summarise** (use `/summary topic:`)\n");
        foreach (var topic in catalog.Topics)
        {
            text.Append("• ").Append(topic.Name).Append(" — `").Append(topic.Id).Append("`\n");
        }
        return Immediate(TextSplitter.Shorten(text.ToString(), DiscordLimits.Content), ephemeral: false);
    }

    private InteractionReply Autocomplete(Interaction interaction)
    {
        var catalog = services.GetService<ITopicCatalog>();
        var partial = Focused(interaction.Data?.Options ?? [])?.StringValue ?? "";
        var choices = catalog is null
            ? []
            : catalog.Complete(partial, DiscordLimits.AutocompleteChoices)
                .Take(DiscordLimits.AutocompleteChoices)
                .Where(t => t.Id.Length <= DiscordLimits.ChoiceValue)
                .Select(t => new CommandChoice(TextSplitter.Shorten(t.Name, DiscordLimits.ChoiceName), t.Id))
                .ToList();
        return new(InteractionResponse.Choices(choices));
    }

    private InteractionReply Digest(Interaction interaction, CommandOptionValue? subcommand)
    {
        var digests = services.GetService<IDigestService>();
        if (digests is null)
        {
            return Immediate("Digests are not available on this server yet.", ephemeral: true);
        }
        // The command is declared for servers only; an interaction from a DM (a stale registration,
        // or a forged one) has no Manage Channels permission Discord could have checked.
        if (interaction.ChannelId is not { } channelId || interaction.GuildId is null)
        {
            return Immediate("Digests can only be set up in a server channel.", ephemeral: true);
        }
        var channel = new ChannelKey(DiscordAnswerService.Platform, channelId);
        return subcommand?.Name switch
        {
            "now" => Deferred(interaction, false, "post the digest", async ct => Text(DescribeDelivery(await digests.PostNowAsync(channel, ct)))),
            "subscribe" => Deferred(interaction, false, "subscribe this channel", ct => SubscribeAsync(digests, channel, Option(subcommand.Options, "schedule"), ct)),
            "unsubscribe" => Deferred(interaction, false, "unsubscribe this channel", async ct => Text(await digests.UnsubscribeAsync(channel, ct)
                ? "This channel will no longer receive digests."
                : "This channel had no digest subscription.")),
            "status" => Deferred(interaction, false, "read the digest status", async ct => Text(DescribeStatus(await digests.StatusAsync(channel, ct)))),
            _ => Immediate("Use /digest now, subscribe, unsubscribe or status.", ephemeral: true),
        };
    }

    private static async Task<IReadOnlyList<MessagePayload>> SubscribeAsync(IDigestService digests, ChannelKey channel, string? schedule, CancellationToken cancellationToken)
    {
        try
        {
            var subscription = await digests.SubscribeAsync(channel, string.IsNullOrWhiteSpace(schedule) ? null : schedule.Trim(), null, backfill: false, cancellationToken);
            return Text($"Subscribed: digests will be posted here on schedule `{subscription.Cron}` ({subscription.TimeZone}).");
        }
        catch (ArgumentException e)
        {
            return Text($"That schedule was not accepted: {e.Message}");
        }
    }

    private static string DescribeDelivery(DeliveryRecord record) => record.Outcome switch
    {
        DeliveryOutcome.Delivered => "Digest posted.",
        DeliveryOutcome.SkippedEmpty => $"No digest posted: {record.Reason}",
        DeliveryOutcome.Paused => $"Digests are paused for this channel: {record.Reason}",
        DeliveryOutcome.Pending => $"The digest is queued: {record.Reason}",
        _ => $"The digest could not be posted: {record.Reason}",
    };

    private static string DescribeStatus(ChannelDigestStatus status)
    {
        var text = new StringBuilder();
        if (status.Subscription is { } s)
        {
            text.Append($"Subscribed on `{s.Cron}` ({s.TimeZone}){(s.Paused ? ", paused" : "")}.");
            if (status.NextRun is { } next)
            {
                text.Append(" Next run: ").Append(next.ToString("yyyy-MM-dd HH:mm 'UTC'zzz", CultureInfo.InvariantCulture)).Append('.');
            }
        }
        else
        {
            text.Append("This channel has no digest subscription. Use `/digest subscribe`.");
        }
        if (status.RecentRuns.Count > 0)
        {
            text.Append("\n**Recent runs**");
            foreach (var run in status.RecentRuns.Take(10))
            {
                var at = (run.CompletedAt ?? run.ScheduledFor).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                text.Append($"\n• {at}: {run.Outcome}").Append(run.Reason.Length > 0 ? $" — {run.Reason}" : "");
            }
        }
        return TextSplitter.Shorten(text.ToString(), DiscordLimits.Content);
    }

    private InteractionReply Component(Interaction interaction)
    {
        var customId = interaction.Data?.CustomId ?? "";
        var parts = customId.Split(':');
        var log = services.GetService<IAnswerLog>();
        if (log is null)
        {
            return Immediate("Answer history is not available on this server.", ephemeral: true);
        }
        return parts switch
        {
            ["quotes", var id] => Deferred(interaction, ephemeral: true, "show the quotes", async ct =>
                await log.FindAsync(id, ct) is { } logged
                    ? renderer.RenderQuotes(logged.Answer)
                    : Text("I no longer have that answer.")),
            // One vote per user needs a user: a vote nobody can be tied to is not counted.
            ["fb", ("up" or "down"), _] when interaction.UserId is null => Immediate("I could not tell who voted, so the vote was not recorded.", ephemeral: true),
            ["fb", var vote and ("up" or "down"), var id] => Deferred(interaction, ephemeral: true, "record your feedback", async ct =>
                Text(await log.RecordFeedbackAsync(id, interaction.UserId, vote == "up", ct)
                    ? "Thanks, your feedback was recorded."
                    : "I no longer have that answer.")),
            _ => Immediate("That button is not recognised.", ephemeral: true),
        };
    }

    private InteractionReply Deferred(Interaction interaction, bool ephemeral, string what, Func<CancellationToken, Task<IReadOnlyList<MessagePayload>>> work) =>
        new(InteractionResponse.Deferred(ephemeral), async ct =>
        {
            IReadOnlyList<MessagePayload> payloads;
            try
            {
                payloads = await work(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Interaction {InteractionId} could not {What}", interaction.Id, what);
                payloads = [DiscordAnswerService.Failure(what)];
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await TellStoppedAsync(interaction, what, ephemeral);
                throw;
            }
            await CompleteDeferredAsync(interaction.Token, payloads, ephemeral, ct);
        });

    /// <summary>The worker is stopping and the answer did not make it in time: say so instead of leaving "thinking…" forever.</summary>
    private async Task TellStoppedAsync(Interaction interaction, string what, bool ephemeral)
    {
        try
        {
            using var notice = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await CompleteDeferredAsync(interaction.Token, [DiscordAnswerService.Stopped(what)], ephemeral, notice.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or DiscordApiException or HttpRequestException)
        {
            logger.LogDebug("Could not tell interaction {InteractionId} that the worker stopped: {Error}", interaction.Id, e.Message);
        }
    }

    /// <summary>The first message replaces the "thinking…" placeholder; the rest are follow-ups.</summary>
    private async Task CompleteDeferredAsync(string token, IReadOnlyList<MessagePayload> payloads, bool ephemeral, CancellationToken cancellationToken)
    {
        // Ephemerality is fixed by the deferral; an edit cannot change it, follow-ups must state it.
        await rest.EditOriginalResponseAsync(token, payloads[0] with { Flags = null }, cancellationToken);
        foreach (var payload in payloads.Skip(1))
        {
            await rest.CreateFollowupAsync(token, payload with { Flags = ephemeral ? MessagePayload.EphemeralFlag : null }, cancellationToken);
        }
    }

    private static IReadOnlyList<MessagePayload> Text(string content) => [new MessagePayload { Content = content }];

    private static InteractionReply Immediate(string content, bool ephemeral) =>
        new(InteractionResponse.Message(new MessagePayload { Content = content, Flags = ephemeral ? MessagePayload.EphemeralFlag : null }));

    private static string? Option(IReadOnlyList<CommandOptionValue> options, string name) =>
        options.FirstOrDefault(o => o.Name == name)?.StringValue;

    private static CommandOptionValue? Focused(IReadOnlyList<CommandOptionValue> options) =>
        options.FirstOrDefault(o => o.Focused) ?? options.Select(o => Focused(o.Options)).FirstOrDefault(o => o is not null);
}
