using System.Text.Json;
using System.Text.Json.Nodes;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Feedback;
using ChatBot.Core.Summaries;
using ChatBot.Core.Topics;
using ChatBot.Teams.Connector;
using ChatBot.Teams.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams.Activities;

/// <summary>The synchronous answer to an <c>invoke</c> activity (Teams waits for it).</summary>
public sealed record InvokeResponse(int Status, JsonObject? Body);

/// <summary>
/// What the bot does with each accepted activity: remembers where it can post (conversation
/// references), answers questions and commands through the Connector, and records feedback.
/// Engine services are resolved when used, so the adapter runs (and says what is missing) even
/// before every Core service is registered.
/// </summary>
public sealed class TeamsActivityHandler(
    IServiceProvider services,
    ConnectorClient connector,
    TeamsAnswerRenderer renderer,
    ConversationMemory memory,
    AnswerMessageIndex answerMessages,
    GraphClient graph,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<TeamsActivityHandler> logger)
{
    public const string Origin = "teams";

    private ReplyProgress _progress = ReplyProgress.None();

    private IConversationStore? Store => services.GetService<IConversationStore>();

    public Task HandleAsync(Activity activity, CancellationToken cancellationToken) =>
        HandleAsync(activity, ReplyProgress.None(), cancellationToken);

    /// <param name="progress">Replies earlier attempts already posted; they are skipped.</param>
    /// <exception cref="ConnectorException">The Connector throttled or failed transiently: the caller tries the activity again later.</exception>
    public async Task HandleAsync(Activity activity, ReplyProgress progress, CancellationToken cancellationToken)
    {
        _progress = progress;
        switch (activity.Type)
        {
            case ActivityTypes.ConversationUpdate:
                await SaveReferenceAsync(activity, cancellationToken).ConfigureAwait(false);
                if (activity.MembersAdded?.Any(m => m.Id is not null && m.Id == activity.Recipient?.Id) == true)
                {
                    await SendAsync(activity, renderer.Text("Hello! " + CommandReplies.Help), reply: false, cancellationToken).ConfigureAwait(false);
                }
                break;
            case ActivityTypes.InstallationUpdate when activity.Action?.StartsWith("add", StringComparison.OrdinalIgnoreCase) == true:
                await SaveReferenceAsync(activity, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Message:
                await SaveReferenceAsync(activity, cancellationToken).ConfigureAwait(false);
                await HandleMessageAsync(activity, cancellationToken).ConfigureAwait(false);
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

        var channel = ConversationReference.KeyOf(activity);
        var answerId = await answerMessages.FindAsync(channel, activity.ReplyToId, Store, cancellationToken).ConfigureAwait(false);
        var comment = actionValue.StringProperty("feedback") is { } form ? FeedbackText(form) : null;
        var recorded = answerId is not null && await RecordFeedbackAsync(answerId, activity, reaction == "like", comment, cancellationToken).ConfigureAwait(false);
        if (!recorded)
        {
            logger.LogInformation("Feedback for unknown Teams message {MessageId} ignored", activity.ReplyToId);
        }
        return new InvokeResponse(200, new JsonObject());
    }

    private async Task HandleMessageAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Value is { ValueKind: JsonValueKind.Object } value
            && value.StringProperty("action") == TeamsAnswerRenderer.FeedbackAction)
        {
            await HandleCardFeedbackAsync(activity, value, cancellationToken).ConfigureAwait(false);
            return;
        }

        var command = TeamsCommand.Parse(MentionText.Strip(activity));
        try
        {
            await ExecuteAsync(activity, command, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException)
        {
            // Throttled, failing or gone: posting "sorry" through the same Connector cannot help.
            // The caller defers transient failures and logs the rest.
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Teams command {Command} failed", command.GetType().Name);
            await ReplyAsync(activity, renderer.Text("Sorry, something went wrong while answering. Please try again."), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ExecuteAsync(Activity activity, TeamsCommand command, CancellationToken cancellationToken)
    {
        var channel = ConversationReference.KeyOf(activity);
        switch (command)
        {
            case TeamsCommand.Ask ask:
                await AskAsync(activity, channel, ask.Question, cancellationToken).ConfigureAwait(false);
                break;
            case TeamsCommand.Summary summary:
                await SummaryAsync(activity, channel, summary.Topic, cancellationToken).ConfigureAwait(false);
                break;
            case TeamsCommand.Topics:
                await ReplyAsync(activity, renderer.Text(await TopicsTextAsync(cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
                break;
            case TeamsCommand.Help help:
                await ReplyAsync(activity, renderer.Text(help.Problem is null ? CommandReplies.Help : help.Problem + "\n\n" + CommandReplies.Help), cancellationToken).ConfigureAwait(false);
                break;
            default:
                await ReplyAsync(activity, renderer.Text(await DigestAsync(activity, channel, command, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task AskAsync(Activity activity, ChannelKey channel, string question, CancellationToken cancellationToken)
    {
        if (services.GetService<IAnswerEngine>() is not { } engine)
        {
            await ReplyAsync(activity, renderer.Text("Answering is not available yet: the knowledge engine is not running."), cancellationToken).ConfigureAwait(false);
            return;
        }
        var thread = activity.Conversation!.Id!;
        Answer answer;
        await using (await TypingAsync(activity, cancellationToken).ConfigureAwait(false))
        {
            answer = await engine.AskAsync(new AskRequest(question, memory.Previous(thread), Origin), cancellationToken).ConfigureAwait(false);
        }
        memory.Remember(thread, question);
        await PostAnswerAsync(activity, channel, answer, heading: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task SummaryAsync(Activity activity, ChannelKey channel, string topic, CancellationToken cancellationToken)
    {
        if (services.GetService<ISummaryService>() is not { } summaries)
        {
            await ReplyAsync(activity, renderer.Text("Summaries are not available yet."), cancellationToken).ConfigureAwait(false);
            return;
        }
        TopicSummary result;
        await using (await TypingAsync(activity, cancellationToken).ConfigureAwait(false))
        {
            result = await summaries.SummarizeAsync(topic, cancellationToken).ConfigureAwait(false);
        }
        if (result.Found)
        {
            await PostAnswerAsync(activity, channel, result.Summary!, $"Summary: {result.Topic!.Name}", cancellationToken).ConfigureAwait(false);
            return;
        }

        await ReplyAsync(activity, renderer.Text(CommandReplies.UnknownTopic(result)), cancellationToken).ConfigureAwait(false);
    }

    private async Task PostAnswerAsync(Activity activity, ChannelKey channel, Answer answer, string? heading, CancellationToken cancellationToken)
    {
        var log = services.GetService<IAnswerLog>();
        var answerId = log is null ? null : await log.RecordAsync(channel, UserId(activity), answer, cancellationToken).ConfigureAwait(false);
        foreach (var message in renderer.Render(answer, answerId, heading))
        {
            var messageId = await ReplyAsync(activity, message, cancellationToken).ConfigureAwait(false);
            if (answerId is not null && messageId is not null)
            {
                await answerMessages.RememberAsync(channel, messageId, answerId, Store, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> TopicsTextAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<ITopicCatalog>() is not { } catalog)
        {
            return "Topics are not available yet.";
        }
        return CommandReplies.Topics(await catalog.CoverageAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<string> DigestAsync(Activity activity, ChannelKey channel, TeamsCommand command, CancellationToken cancellationToken)
    {
        if (services.GetService<IDigestService>() is not { } digests)
        {
            return "Digests are not available yet.";
        }
        if (command is not TeamsCommand.DigestStatus && !await MayManageDigestsAsync(activity, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Digest command {Command} refused in {Channel}: the user is not a team owner", command.GetType().Name, channel);
            return CommandReplies.DigestNeedsOwner;
        }
        switch (command)
        {
            case TeamsCommand.DigestNow:
                DeliveryRecord record;
                await using (await TypingAsync(activity, cancellationToken).ConfigureAwait(false))
                {
                    record = await digests.PostNowAsync(channel, cancellationToken).ConfigureAwait(false);
                }
                return CommandReplies.DigestPosted(record);
            case TeamsCommand.DigestSubscribe subscribe:
                try
                {
                    var subscription = await digests.SubscribeAsync(channel, subscribe.Cron, null, backfill: false, cancellationToken).ConfigureAwait(false);
                    return CommandReplies.Subscribed(subscription);
                }
                catch (ArgumentException ex)
                {
                    // The message quotes the user's cron text: never echo it as live markdown.
                    return $"Could not subscribe: {MarkdownText.Neutralize(ex.Message, 300)}";
                }
            case TeamsCommand.DigestUnsubscribe:
                return CommandReplies.Unsubscribed(await digests.UnsubscribeAsync(channel, cancellationToken).ConfigureAwait(false));
            case TeamsCommand.DigestStatus:
                return CommandReplies.Status(await digests.StatusAsync(channel, cancellationToken).ConfigureAwait(false));
            default:
                return CommandReplies.Help;
        }
    }

    private async Task HandleCardFeedbackAsync(Activity activity, JsonElement value, CancellationToken cancellationToken)
    {
        var answerId = value.StringProperty("answerId");
        var helpful = value.TryGetProperty("helpful", out var h) && h.ValueKind == JsonValueKind.True;
        var recorded = answerId is not null && await RecordFeedbackAsync(answerId, activity, helpful, comment: null, cancellationToken).ConfigureAwait(false);
        await ReplyAsync(activity, renderer.Text(recorded ? "Thanks for the feedback." : "Sorry, I could not find that answer any more."), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A vote counts only in the conversation the answer was given in: card data and message ids
    /// come from the client, so a member of one chat must not be able to vote on another's answers.
    /// </summary>
    private async Task<bool> RecordFeedbackAsync(string answerId, Activity activity, bool helpful, string? comment, CancellationToken cancellationToken)
    {
        if (services.GetService<IAnswerLog>() is not { } log
            || await log.FindAsync(answerId, cancellationToken).ConfigureAwait(false) is not { } logged)
        {
            return false;
        }
        if (logged.Channel != ConversationReference.KeyOf(activity))
        {
            logger.LogWarning("Feedback on answer {AnswerId} from another conversation ignored", answerId);
            return false;
        }
        return await log.RecordFeedbackAsync(answerId, UserId(activity), helpful, comment, cancellationToken).ConfigureAwait(false);
    }

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
        if (Store is not { } store)
        {
            logger.LogWarning("No conversation store registered; Teams conversation reference not kept");
            return;
        }
        var reference = ConversationReference.FromActivity(activity);
        await store.SaveReferenceAsync(reference.Key, reference.ToJson(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Shows "typing…" until disposed: Teams clears the indicator after a few seconds, so it is
    /// repeated while slow work (engine, digest) runs. Failures are cosmetic and only logged.
    /// </summary>
    private async Task<IAsyncDisposable> TypingAsync(Activity activity, CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await SendTypingAsync(activity, stop.Token).ConfigureAwait(false);
        var loop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(TypingInterval, time, stop.Token).ConfigureAwait(false);
                    await SendTypingAsync(activity, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        return new TypingScope(stop, loop);
    }

    internal static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(3);

    private async Task SendTypingAsync(Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            var reference = ConversationReference.FromActivity(activity);
            var typing = reference.Address(new JsonObject(), activity.Conversation!.Id!, activity.From);
            await connector.SendTypingAsync(activity.ServiceUrl!, activity.Conversation.Id!, typing, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            logger.LogInformation("Typing indicator not sent: {Reason}", ex.Message);
        }
    }

    private sealed class TypingScope(CancellationTokenSource stop, Task loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
            stop.Dispose();
        }
    }

    private Task<string?> ReplyAsync(Activity activity, JsonObject message, CancellationToken cancellationToken) =>
        SendAsync(activity, message, reply: true, cancellationToken);

    /// <summary>
    /// Posts one reply unless an earlier attempt did. A post the Connector may have accepted (5xx,
    /// timeout, interrupted) counts as done: reposting could show it twice, and the Connector has
    /// no idempotency key.
    /// </summary>
    private async Task<string?> SendAsync(Activity activity, JsonObject message, bool reply, CancellationToken cancellationToken)
    {
        var (index, post) = _progress.Next();
        if (!post)
        {
            return null;
        }
        var reference = ConversationReference.FromActivity(activity);
        var conversationId = activity.Conversation!.Id!;
        reference.Address(message, conversationId, activity.From);
        try
        {
            var id = await connector.SendAsync(activity.ServiceUrl!, conversationId, message, reply ? activity.Id : null, cancellationToken).ConfigureAwait(false);
            await _progress.DoneAsync(index, CancellationToken.None).ConfigureAwait(false);
            return id;
        }
        catch (ConnectorException ex) when (ex.MayHaveBeenAccepted)
        {
            await _progress.DoneAsync(index, CancellationToken.None).ConfigureAwait(false);
            logger.LogWarning("Teams reply {Index} in {Conversation} may or may not have been posted ({Reason}); not sent again", index + 1, conversationId, ex.Message);
            if (ex.Interrupted)
            {
                throw new OperationCanceledException("stopped while a reply was being posted", ex, cancellationToken);
            }
            return null;
        }
    }
}
