using System.Collections.Concurrent;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Feedback;
using ChatBot.Core.Storage;
using ChatBot.Core.Topics;
using ChatBot.Testing;
using ChatBot.Testing.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Conversations;

/// <summary>The conversation every platform shares: context, answer log, feedback and digest commands.</summary>
public sealed class ConversationServiceTests : IDisposable
{
    private static readonly Topic Semiconductors = new("semiconductors", "Semiconductors", ["chips"], "semiconductor chips");
    private static readonly Citation Council = new(1, "news/council", "First Digital Partnership Council", new DateOnly(2023, 6, 30), "https://example.org/council", "The council met in Seoul.");

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly RecordingEngine _engine = new();
    private readonly FakeAnswerLog _log = new();
    private readonly LogRecorder _logs = new();
    private readonly FakeDigestService _digests = new([], since => new Digest(since, since.AddDays(7), [], new Answer("What is new?", true, "Nothing new.", [], 1)));

    public void Dispose() => _folder.Dispose();

    private ConversationService Service(SqliteChatStore store, IAnswerLog? log = null)
    {
        var topics = new FakeTopicCatalog(new TopicCoverage(Semiconductors, 3));
        return new ConversationService(_engine, log ?? _log, store, new FakeSummaryService(topics, (_, t) => new Answer(t.Name, true, "Chips [1].", [Council], 1)),
            topics, _digests, _logs.CreateLogger<ConversationService>());
    }

    private SqliteChatStore Store() => new(_folder.PathOf("chatbot.db"), _time);

    private static ChatTurn Ask(string platform, string channel, string? conversation, string question, string user = "u1") =>
        new(platform, channel, conversation, user, new ChatCommand.Ask(question));

    [Theory]
    [InlineData(Platforms.Discord, "900")]
    [InlineData(Platforms.Teams, "a:chat;messageid=7")]
    [InlineData(Platforms.Web, "Zx3pQ9sT1uVw2yA4bC6dE8")]
    public async Task A_follow_up_is_read_with_the_previous_question_after_a_restart(string platform, string conversation)
    {
        using (var store = Store())
        {
            await Service(store).HandleAsync(Ask(platform, conversation, conversation, "When is the next council?"), default);
        }

        using (var store = Store())
        {
            var reply = await Service(store).HandleAsync(Ask(platform, conversation, conversation, "who chaired it?"), default);
            Assert.IsType<ChatReply.Answered>(reply);
        }

        var followUp = _engine.Requests.Last();
        Assert.Equal("who chaired it?", followUp.Question);
        Assert.Equal("When is the next council?", followUp.PreviousQuestion);
        Assert.Equal(platform, followUp.Origin);
    }

    [Fact]
    public async Task A_question_outside_any_conversation_has_no_context_and_leaves_none()
    {
        using var store = Store();
        var service = Service(store);
        await service.HandleAsync(Ask(Platforms.Discord, "100", null, "When is the next council?"), default);
        await service.HandleAsync(Ask(Platforms.Discord, "100", null, "who chaired it?"), default);

        Assert.All(_engine.Requests, r => Assert.Null(r.PreviousQuestion));
        Assert.Null(await store.FindContextAsync(new ChannelKey(Platforms.Discord, "100"), default));
    }

    [Fact]
    public async Task A_thread_the_bot_opened_stays_its_own_across_questions_and_restarts()
    {
        var thread = new ChannelKey(Platforms.Discord, "901");
        using (var store = Store())
        {
            var service = Service(store);
            Assert.False(await service.IsStartedByBotAsync(thread, default));
            await service.StartThreadAsync(thread, "When is the next council?", default);
            Assert.True(await service.IsStartedByBotAsync(thread, default));
            await service.HandleAsync(Ask(Platforms.Discord, "901", "901", "who chaired it?"), default);
        }
        using (var store = Store())
        {
            Assert.True(await Service(store).IsStartedByBotAsync(thread, default));
            Assert.Equal(new ConversationContext("who chaired it?", StartedByBot: true), await store.FindContextAsync(thread, default));
        }
    }

    [Fact]
    public async Task A_thread_saved_while_a_lookup_was_in_flight_is_not_forgotten()
    {
        using var store = Store();
        var slow = new SlowFirstLookup(store);
        var service = new ConversationService(_engine, _log, slow, new FakeSummaryService(new FakeTopicCatalog(), (_, t) => new Answer(t.Name, true, "x", [], 1)),
            new FakeTopicCatalog(), _digests, _logs.CreateLogger<ConversationService>());
        var thread = new ChannelKey(Platforms.Discord, "902");

        // A message in the new thread is checked while the bot is still saving the thread.
        var lookup = service.IsStartedByBotAsync(thread, default);
        await slow.Asked.Task;
        await service.StartThreadAsync(thread, "When is the next council?", default);
        slow.Answer.SetResult();

        Assert.True(await lookup);
        Assert.True(await service.IsStartedByBotAsync(thread, default));
    }

    [Theory]
    [InlineData(Platforms.Discord)]
    [InlineData(Platforms.Teams)]
    [InlineData(Platforms.Web)]
    public async Task An_answer_the_log_could_not_keep_is_still_the_reply_without_an_id_and_the_failure_is_logged(string platform)
    {
        using var store = Store();
        var reply = await Service(store, new FakeFailingAnswerLog()).HandleAsync(Ask(platform, "c1", "c1", "When is the next council?"), default);

        var answered = Assert.IsType<ChatReply.Answered>(reply);
        Assert.Equal("When is the next council?", answered.Answer.Question);
        Assert.Null(answered.AnswerId);
        Assert.Contains(_logs.AtLeast(LogLevel.Error), l => l.Message.Contains("without feedback buttons", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_engine_failure_is_a_failed_reply_not_an_exception()
    {
        using var store = Store();
        _engine.Fail = true;
        var reply = await Service(store).HandleAsync(Ask(Platforms.Teams, "c1", "c1", "When is the next council?"), default);

        Assert.Equal(new ChatReply.Failed("answer that"), reply);
        Assert.Contains(_logs.AtLeast(LogLevel.Error), l => l.Exception is InvalidOperationException);
        Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains("next council", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Votes_and_quotes_count_only_from_the_channel_the_answer_was_given_in()
    {
        using var store = Store();
        var service = Service(store);
        var answered = (ChatReply.Answered)await service.HandleAsync(Ask(Platforms.Teams, "a:victim", "a:victim", "When is the next council?"), default);
        var id = answered.AnswerId!;

        var elsewhere = new ChatTurn(Platforms.Teams, "a:attacker", "a:attacker", "u9", new ChatCommand.Feedback(id, Helpful: false));
        Assert.IsType<ChatReply.AnswerNotFound>(await service.HandleAsync(elsewhere, default));
        Assert.IsType<ChatReply.AnswerNotFound>(await service.HandleAsync(elsewhere with { Command = new ChatCommand.ShowQuotes(id) }, default));
        Assert.Empty(_log.Feedback);

        var here = new ChatTurn(Platforms.Teams, "a:victim", "a:victim", "u1", new ChatCommand.Feedback(id, Helpful: true, "Spot on"));
        Assert.IsType<ChatReply.FeedbackRecorded>(await service.HandleAsync(here, default));
        Assert.IsType<ChatReply.Quotes>(await service.HandleAsync(here with { Command = new ChatCommand.ShowQuotes(id) }, default));
        Assert.IsType<ChatReply.VoterUnknown>(await service.HandleAsync(here with { UserId = null }, default));
        var vote = Assert.Single(_log.Feedback);
        Assert.Equal(("u1", true, "Spot on"), (vote.UserId, vote.Helpful, vote.Comment));
    }

    [Fact]
    public async Task A_vote_on_a_message_finds_its_answer_through_the_stored_link_after_a_restart()
    {
        string id;
        using (var store = Store())
        {
            var service = Service(store);
            id = ((ChatReply.Answered)await service.HandleAsync(Ask(Platforms.Teams, "a:chat", "a:chat", "When is the next council?"), default)).AnswerId!;
            await service.LinkMessageAsync(new ChannelKey(Platforms.Teams, "a:chat"), "1700000000001", id, default);
        }
        using (var store = Store())
        {
            var vote = new ChatTurn(Platforms.Teams, "a:chat", "a:chat", "u1", new ChatCommand.FeedbackOnMessage("1700000000001", Helpful: false));
            Assert.IsType<ChatReply.FeedbackRecorded>(await Service(store).HandleAsync(vote, default));
            Assert.IsType<ChatReply.AnswerNotFound>(await Service(store).HandleAsync(vote with { Command = new ChatCommand.FeedbackOnMessage("1700000000002", true) }, default));
        }
        Assert.Equal(id, Assert.Single(_log.Feedback).AnswerId);
    }

    [Fact]
    public async Task Summaries_are_logged_like_answers_and_unknown_topics_say_what_is_known()
    {
        using var store = Store();
        var service = Service(store);

        var summary = Assert.IsType<ChatReply.Answered>(await service.HandleAsync(new ChatTurn(Platforms.Discord, "c", null, "u", new ChatCommand.Summary("chips")), default));
        Assert.Equal("Summary: Semiconductors", summary.Heading);
        Assert.NotNull(summary.AnswerId);

        var unknown = Assert.IsType<ChatReply.UnknownTopic>(await service.HandleAsync(new ChatTurn(Platforms.Discord, "c", null, "u", new ChatCommand.Summary("quantum")), default));
        Assert.Equal([Semiconductors], unknown.Result.KnownTopics);

        var topics = Assert.IsType<ChatReply.TopicList>(await service.HandleAsync(new ChatTurn(Platforms.Discord, "c", null, "u", new ChatCommand.Topics()), default));
        Assert.Equal(3, topics.DocumentCounts!["semiconductors"]);
    }

    [Fact]
    public async Task Digest_changes_need_a_manager_but_anyone_may_read_the_status()
    {
        using var store = Store();
        var service = Service(store);
        var member = new ChatTurn(Platforms.Teams, "19:channel", null, "u", new ChatCommand.DigestSubscribe("0 9 * * 1")) { MayManageDigests = false };

        Assert.IsType<ChatReply.DigestNeedsManager>(await service.HandleAsync(member, default));
        Assert.IsType<ChatReply.DigestNeedsManager>(await service.HandleAsync(member with { Command = new ChatCommand.DigestNow() }, default));
        Assert.Empty(_digests.Subscriptions);
        Assert.IsType<ChatReply.DigestStatus>(await service.HandleAsync(member with { Command = new ChatCommand.DigestStatus() }, default));

        var owner = member with { MayManageDigests = true };
        var subscribed = Assert.IsType<ChatReply.Subscribed>(await service.HandleAsync(owner, default));
        Assert.Equal("0 9 * * 1", subscribed.Subscription.Cron);
    }

    private sealed class RecordingEngine : IAnswerEngine
    {
        public ConcurrentQueue<AskRequest> Requests { get; } = new();

        public bool Fail { get; set; }

        public Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request);
            return Fail
                ? throw new InvalidOperationException("engine broke")
                : Task.FromResult(new Answer(request.Question, true, "The council met in Seoul [1].", [Council], 0.9));
        }
    }

    [Fact]
    public async Task A_turn_that_starts_its_conversation_looks_up_no_context_but_leaves_one_for_the_next()
    {
        using var store = Store();
        var counting = new CountingLookups(store);
        var topics = new FakeTopicCatalog(new TopicCoverage(Semiconductors, 3));
        var service = new ConversationService(_engine, _log, counting, new FakeSummaryService(topics, (_, t) => new Answer(t.Name, true, "Chips [1].", [Council], 1)),
            topics, _digests, _logs.CreateLogger<ConversationService>());
        const string conversation = "Zx3pQ9sT1uVw2yA4bC6dE8";

        var first = await service.HandleAsync(Ask(Platforms.Web, conversation, conversation, "When is the next council?") with { StartsConversation = true }, default);
        await service.HandleAsync(Ask(Platforms.Web, conversation, conversation, "who chaired it?"), default);

        Assert.Equal(0, counting.Lookups);
        Assert.NotNull(Assert.IsType<ChatReply.Answered>(first).AnswerId);
        Assert.Equal("When is the next council?", _engine.Requests.Last().PreviousQuestion);
        Assert.Equal("who chaired it?", (await store.FindContextAsync(new ChannelKey(Platforms.Web, conversation), default))!.LastQuestion);
    }

    /// <summary>Counts the lookups that reach the store.</summary>
    private sealed class CountingLookups(IConversationContextStore inner) : IConversationContextStore
    {
        private int _lookups;

        public int Lookups => _lookups;

        public Task<ConversationContext?> FindContextAsync(ChannelKey conversation, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lookups);
            return inner.FindContextAsync(conversation, cancellationToken);
        }

        public Task SaveContextAsync(ChannelKey conversation, ConversationContext context, CancellationToken cancellationToken) =>
            inner.SaveContextAsync(conversation, context, cancellationToken);

        public Task LinkMessageAsync(ChannelKey conversation, string messageId, string answerId, CancellationToken cancellationToken) =>
            inner.LinkMessageAsync(conversation, messageId, answerId, cancellationToken);

        public Task<string?> FindAnswerIdAsync(ChannelKey conversation, string messageId, CancellationToken cancellationToken) =>
            inner.FindAnswerIdAsync(conversation, messageId, cancellationToken);
    }

    /// <summary>The first lookup reads the store before the save and answers after it (as a slow query would).</summary>
    private sealed class SlowFirstLookup(IConversationContextStore inner) : IConversationContextStore
    {
        private int _lookups;

        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<ConversationContext?> FindContextAsync(ChannelKey conversation, CancellationToken cancellationToken)
        {
            var stored = await inner.FindContextAsync(conversation, cancellationToken);
            if (Interlocked.Increment(ref _lookups) == 1)
            {
                Asked.SetResult();
                await Answer.Task;
            }
            return stored;
        }

        public Task SaveContextAsync(ChannelKey conversation, ConversationContext context, CancellationToken cancellationToken) =>
            inner.SaveContextAsync(conversation, context, cancellationToken);

        public Task LinkMessageAsync(ChannelKey conversation, string messageId, string answerId, CancellationToken cancellationToken) =>
            inner.LinkMessageAsync(conversation, messageId, answerId, cancellationToken);

        public Task<string?> FindAnswerIdAsync(ChannelKey conversation, string messageId, CancellationToken cancellationToken) =>
            inner.FindAnswerIdAsync(conversation, messageId, cancellationToken);
    }
}
