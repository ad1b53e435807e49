using System.Text.Json;
using System.Text.Json.Nodes;
using ChatBot.Core.Conversations;
using ChatBot.Teams.Commands;
using ChatBot.Teams.Connector;
using ChatBot.Teams.Outgoing;
using ChatBot.Teams.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams.Activities;

/// <summary>
/// Translates each accepted activity into a turn of the shared conversation and renders the
/// reply through the Connector; also remembers where the bot can post later (conversation
/// references, for digests).
/// </summary>
public sealed class TeamsActivityHandler(
    ConversationService conversations,
    IConversationStore references,
    ConnectorClient connector,
    TeamsAnswerRenderer renderer,
    GraphClient graph,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<TeamsActivityHandler> logger)
{
    internal static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(3);

    public Task HandleAsync(Activity activity, CancellationToken cancellationToken) =>
        HandleAsync(activity, ReplyProgress.None(), cancellationToken);

    /// <param name="progress">Replies earlier attempts already posted; they are skipped.</param>
    /// <exception cref="ConnectorException">The Connector throttled or failed transiently: the caller tries the activity again later.</exception>
    public async Task HandleAsync(Activity activity, ReplyProgress progress, CancellationToken cancellationToken)
    {
        var replies = new ActivityReplies(activity, progress, connector, logger);
        switch (activity.Type)
        {
            case ActivityTypes.ConversationUpdate:
                await SaveReferenceAsync(activity, cancellationToken).ConfigureAwait(false);
                if (activity.MembersAdded?.Any(m => m.Id is not null && m.Id == activity.Recipient?.Id) == true)
                {
                    await replies.SendAsync(renderer.Text("Hello! " + CommandReplies.Help), reply: false, cancellationToken).ConfigureAwait(false);
                }
                break;
            case ActivityTypes.InstallationUpdate when activity.Action?.StartsWith("add", StringComparison.OrdinalIgnoreCase) == true:
                await SaveReferenceAsync(activity, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Message:
                await SaveReferenceAsync(activity, cancellationToken).ConfigureAwait(false);
                await HandleMessageAsync(activity, replies, cancellationToken).ConfigureAwait(false);
                break;
            default:
                logger.LogDebug("Ignoring Teams activity of type {Type}", activity.Type);
                break;
        }
    }

    /// <summary>Invokes need their answer in the HTTP response; only the feedback loop is handled.</summary>
    public async Task<InvokeResponse> HandleInvokeAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (!string.Equals(activity.Name, "message/submitAction", StringComparison.Ordinal)
            || activity.Value is not { ValueKind: JsonValueKind.Object } value
            || value.StringProperty("actionName") != "feedback")
        {
            return new InvokeResponse(501, null);
        }

        var reaction = value.TryGetProperty("actionValue", out var actionValue) ? actionValue.StringProperty("reaction") : null;
        if (reaction is not ("like" or "dislike") || string.IsNullOrEmpty(activity.ReplyToId))
        {
            return new InvokeResponse(400, null);
        }

        var comment = actionValue.StringProperty("feedback") is { } form ? FeedbackText(form) : null;
        var reply = await conversations.HandleAsync(Turn(activity, new ChatCommand.FeedbackOnMessage(activity.ReplyToId, reaction == "like", comment)), cancellationToken).ConfigureAwait(false);
        if (reply is not ChatReply.FeedbackRecorded)
        {
            logger.LogInformation("Feedback on Teams message {MessageId} not recorded ({Reply})", activity.ReplyToId, reply.GetType().Name);
        }
        return new InvokeResponse(200, new JsonObject());
    }

    private async Task HandleMessageAsync(Activity activity, ActivityReplies replies, CancellationToken cancellationToken)
    {
        var turn = Turn(activity, Command(activity));
        if (turn.Command.ChangesDigests)
        {
            turn = turn with { MayManageDigests = await MayManageDigestsAsync(activity, cancellationToken).ConfigureAwait(false) };
        }

        ChatReply reply;
        if (turn.Command is ChatCommand.Ask or ChatCommand.Summary or ChatCommand.DigestNow)
        {
            await using (TypingLoop.Start(ct => SendTypingAsync(activity, ct), TypingInterval, time, logger, cancellationToken))
            {
                reply = await conversations.HandleAsync(turn, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            reply = await conversations.HandleAsync(turn, cancellationToken).ConfigureAwait(false);
        }

        if (reply is not ChatReply.Answered answered)
        {
            await replies.ReplyAsync(renderer.Text(CommandReplies.Describe(reply)), cancellationToken).ConfigureAwait(false);
            return;
        }
        foreach (var message in renderer.Render(answered.Answer, answered.AnswerId, answered.Heading))
        {
            var messageId = await replies.ReplyAsync(message, cancellationToken).ConfigureAwait(false);
            if (answered.AnswerId is { } answerId && messageId is not null)
            {
                // Teams' feedback loop names only the message a vote is on.
                await conversations.LinkMessageAsync(turn.Channel, messageId, answerId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A card's feedback button submits its data as a message; anything else is text to parse.</summary>
    private static ChatCommand Command(Activity activity)
    {
        if (activity.Value is { ValueKind: JsonValueKind.Object } value
            && value.StringProperty("action") == TeamsAnswerRenderer.FeedbackAction)
        {
            var helpful = value.TryGetProperty("helpful", out var h) && h.ValueKind == JsonValueKind.True;
            return new ChatCommand.Feedback(value.StringProperty("answerId") ?? "", helpful);
        }
        return TeamsCommands.Parse(MentionText.Strip(activity));
    }

    /// <summary>
    /// Digests and the answer log are kept per channel (a channel's threads share them); the
    /// follow-up context per conversation, so each thread keeps its own.
    /// </summary>
    private static ChatTurn Turn(Activity activity, ChatCommand command) =>
        new(Platforms.Teams, ConversationReference.KeyOf(activity).ChannelId, activity.Conversation!.Id!, UserId(activity), command);

    /// <summary>The feedback form's text: <c>actionValue.feedback</c> is itself JSON, <c>{"feedbackText": "…"}</c>.</summary>
    internal static string? FeedbackText(string form)
    {
        try
        {
            using var document = JsonDocument.Parse(form);
            return document.RootElement.StringProperty("feedbackText") is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
        }
        catch (JsonException)
        {
            // Some clients send the typed text as is.
            return string.IsNullOrWhiteSpace(form) ? null : form.Trim();
        }
    }

    /// <summary>
    /// In a team channel, changing digests needs a team owner (Graph's member roles; the Connector's
    /// roster only says user/guest/anonymous) or a user on <c>Teams:DigestManagers</c>. Chats are
    /// their members' own business, as in Discord DMs.
    /// </summary>
    private async Task<bool> MayManageDigestsAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (!string.Equals(activity.Conversation?.ConversationType, "channel", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var ids = new[] { activity.From?.AadObjectId, activity.From?.Id }.Where(id => !string.IsNullOrWhiteSpace(id));
        if (options.Value.DigestManagers.Intersect(ids, StringComparer.OrdinalIgnoreCase).Any())
        {
            return true;
        }
        return activity.TeamsAadGroupId is { } team && activity.From?.AadObjectId is { } user
            && await graph.IsTeamOwnerAsync(team, user, cancellationToken).ConfigureAwait(false);
    }

    private static string? UserId(Activity activity) => activity.From?.AadObjectId ?? activity.From?.Id;

    private async Task SaveReferenceAsync(Activity activity, CancellationToken cancellationToken)
    {
        var reference = ConversationReference.FromActivity(activity);
        await references.SaveReferenceAsync(reference.Key, reference.ToJson(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Typing is cosmetic: a refused indicator is logged and the loop carries on.</summary>
    private async Task SendTypingAsync(Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            var reference = ConversationReference.FromActivity(activity);
            var typing = reference.Address(MessageActivity.Typing(), activity.Conversation!.Id!, activity.From);
            await connector.SendTypingAsync(activity.ServiceUrl!, activity.Conversation.Id!, typing, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            logger.LogInformation("Typing indicator not sent: {Reason}", ex.Message);
        }
    }
}
