using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Feedback;
using ChatBot.Core.Storage;
using ChatBot.Testing.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Storage;

/// <summary>Every test runs against both providers: a SQLite file and a real PostgreSQL database.</summary>
public sealed class ChatStoreTests
{
    private static readonly ChannelKey Channel = new("discord", "123");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Everything_survives_closing_and_reopening_the_file(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var created = _time.GetUtcNow();
        string answerId;
        long runId;
        using (var store = stores.Open(_time))
        {
            var subscription = new Subscription(Channel, "0 9 * * MON", "Europe/Brussels", PostWhenEmpty: false, created, created, Paused: false);
            await ((ISubscriptionStore)store).SaveAsync(subscription, created, default);
            var run = await ((IDeliveryLog)store).TryClaimAsync(Channel, created.AddHours(1), created, default);
            runId = run!.Id;
            Assert.True(await ((IDeliveryLog)store).TryLeaseAsync(runId, "w", TimeSpan.FromMinutes(1), default));
            Assert.True(await ((IDeliveryLog)store).CompleteAsync(runId, "w", DeliveryOutcome.Delivered, "Posted 2 documents.", 1, created.AddHours(1), default));
            await ((ICorpusChangeLog)store).ApplyAsync([new DocumentChange("a/doc", "h1", created, created, null)], created, default);
            await store.SaveReferenceAsync(Channel, """{"conversation":{"id":"x"}}""", default);
            answerId = await store.RecordAsync(Channel, "u1", SampleAnswer(answered: true), default);
            Assert.True(await store.RecordFeedbackAsync(answerId, "u1", helpful: false, default));
        }

        using (var store = stores.Open(_time))
        {
            var state = await ((ISubscriptionStore)store).GetAsync(Channel, default);
            Assert.NotNull(state);
            Assert.Equal("0 9 * * MON", state.Subscription.Cron);
            Assert.Equal("Europe/Brussels", state.Subscription.TimeZone);
            Assert.False(state.Subscription.PostWhenEmpty);
            Assert.Equal(created, state.Subscription.CoveredUntil);

            var runs = await ((IDeliveryLog)store).RecentAsync(Channel, 10, default);
            var delivered = Assert.Single(runs);
            Assert.Equal(runId, delivered.Id);
            Assert.Equal(DeliveryOutcome.Delivered, delivered.Outcome);
            Assert.Equal("Posted 2 documents.", delivered.Reason);

            var change = Assert.Single(await ((ICorpusChangeLog)store).ListAsync(default));
            Assert.Equal(("a/doc", "h1"), (change.DocumentId, change.ContentHash));
            Assert.Equal(created, await ((ICorpusChangeLog)store).LastSyncedAsync(default));

            Assert.Equal("""{"conversation":{"id":"x"}}""", await store.GetReferenceAsync(Channel, default));

            var logged = await store.FindAsync(answerId, default);
            Assert.NotNull(logged);
            Assert.Equal("What is new?", logged.Answer.Question);
            Assert.Equal("The council met [1].", logged.Answer.Text);
            Assert.Equal("It met in Seoul.", Assert.Single(logged.Answer.Citations).Quote);
            Assert.Equal(new DateOnly(2023, 6, 30), logged.Answer.Citations[0].Date);

            var report = await store.ReportAsync(created.AddDays(-1), default);
            var feedback = Assert.Single(report.Feedback);
            Assert.False(feedback.Helpful);
            Assert.Equal("What is new?", feedback.Question);
        }
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_fresh_store_is_migrated_to_the_current_schema_version(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        await store.InitializeStoreAsync(default);

        Assert.Equal(ChatStore.SchemaVersion, await StoreSchema.VersionAsync(stores));
        if (provider == TestStores.Sqlite)
        {
            await using var connection = new SqliteConnection($"Data Source={stores.SqlitePath}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", (string)(await command.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public async Task Both_providers_migrate_to_the_same_tables_and_columns()
    {
        await using var sqlite = await TestStores.CreateAsync(TestStores.Sqlite);
        await using var postgres = await TestStores.CreateAsync(TestStores.Postgres);
        await sqlite.Open(_time).InitializeStoreAsync(default);
        await postgres.Open(_time).InitializeStoreAsync(default);

        var expected = await StoreSchema.ColumnsAsync(sqlite);
        Assert.Contains("deliveries.history", expected);
        Assert.Equal(expected, await StoreSchema.ColumnsAsync(postgres));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Several_stores_migrating_one_fresh_database_at_once_all_succeed(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => stores.Open(_time).InitializeStoreAsync(default))));

        Assert.Equal(ChatStore.SchemaVersion, await StoreSchema.VersionAsync(stores));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_store_from_a_newer_build_is_refused_with_a_clear_message(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        await stores.Open(_time).InitializeStoreAsync(default);
        await StoreSchema.SetVersionAsync(stores, ChatStore.SchemaVersion + 5);

        using var store = stores.Open(_time);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeStoreAsync(default));
        Assert.Contains("newer than this build", error.Message);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_scheduled_run_can_be_claimed_only_once_even_by_two_stores_on_one_file(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var first = stores.Open(_time);
        using var second = stores.Open(_time);
        var at = _time.GetUtcNow();

        var claims = await Task.WhenAll(
            ((IDeliveryLog)first).TryClaimAsync(Channel, at, at, default),
            ((IDeliveryLog)second).TryClaimAsync(Channel, at, at, default));

        Assert.Single(claims, c => c is not null);
        Assert.Null(await ((IDeliveryLog)first).TryClaimAsync(Channel, at, at, default));
        Assert.NotNull(await ((IDeliveryLog)first).TryClaimAsync(new ChannelKey("teams", "123"), at, at, default));
    }

    /// <summary>Lets time pass for the worker (the fake clock) and for the store's claims (the server's clock on PostgreSQL).</summary>
    private async Task ElapseAsync(TestStores stores, TimeSpan span)
    {
        await stores.ElapseStoreClockAsync(span);
        _time.Advance(span);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_leased_run_is_not_due_until_the_lease_expires_or_is_released(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        IDeliveryLog log = store;
        var now = _time.GetUtcNow();
        var run = (await log.TryClaimAsync(Channel, now, now, default))!;
        var lease = TimeSpan.FromMinutes(5);

        Assert.True(await log.TryLeaseAsync(run.Id, "other-worker", lease, default));
        Assert.False(await log.TryLeaseAsync(run.Id, "other-worker", lease, default));
        await ElapseAsync(stores, TimeSpan.FromMinutes(1));
        Assert.Empty(await log.DueAsync(_time.GetUtcNow(), default));
        await ElapseAsync(stores, TimeSpan.FromMinutes(5));
        Assert.Single(await log.DueAsync(_time.GetUtcNow(), default));

        Assert.True(await log.TryLeaseAsync(run.Id, "w", lease, default));
        await log.ReleaseAsync(run.Id, "someone-else", default);
        Assert.Empty(await log.DueAsync(_time.GetUtcNow(), default));
        await log.ReleaseAsync(run.Id, "w", default);
        Assert.Single(await log.DueAsync(_time.GetUtcNow(), default));

        Assert.True(await log.TryLeaseAsync(run.Id, "w", lease, default));
        Assert.True(await log.CompleteAsync(run.Id, "w", DeliveryOutcome.Delivered, "ok", 1, now, default));
        await ElapseAsync(stores, TimeSpan.FromDays(1));
        Assert.Empty(await log.DueAsync(_time.GetUtcNow(), default));
        Assert.False(await log.TryLeaseAsync(run.Id, "other-worker", lease, default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Only_the_holder_renews_a_runs_claim_and_not_once_another_worker_took_it_over_or_it_closed(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        IDeliveryLog log = store;
        var now = _time.GetUtcNow();
        var lease = TimeSpan.FromSeconds(30);
        var run = (await log.TryClaimAsync(Channel, now, now, default))!;
        Assert.True(await log.TryLeaseAsync(run.Id, "a", lease, default));

        // a renews while it posts: the run stays off the due list past the first lease.
        await ElapseAsync(stores, TimeSpan.FromSeconds(20));
        Assert.True(await log.RenewLeaseAsync(run.Id, "a", lease, default));
        Assert.False(await log.RenewLeaseAsync(run.Id, "b", TimeSpan.FromMinutes(10), default));
        await ElapseAsync(stores, TimeSpan.FromSeconds(20));
        Assert.Empty(await log.DueAsync(_time.GetUtcNow(), default));

        // a stalls: its claim runs out, b takes the run over, and a's late renewal is refused.
        await ElapseAsync(stores, TimeSpan.FromSeconds(20));
        Assert.True(await log.TryLeaseAsync(run.Id, "b", lease, default));
        Assert.False(await log.RenewLeaseAsync(run.Id, "a", lease, default));
        Assert.True(await log.RenewLeaseAsync(run.Id, "b", lease, default));

        // Closed: nobody renews it back to life.
        Assert.True(await log.CompleteAsync(run.Id, "b", DeliveryOutcome.Delivered, "ok", 1, _time.GetUtcNow(), default));
        Assert.False(await log.RenewLeaseAsync(run.Id, "b", lease, default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_claim_that_ran_out_is_not_renewed_even_when_nobody_took_it(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        IDeliveryLog log = store;
        var run = (await log.TryClaimAsync(Channel, _time.GetUtcNow(), _time.GetUtcNow(), default))!;
        Assert.True(await log.TryLeaseAsync(run.Id, "a", TimeSpan.FromSeconds(30), default));

        // Another worker may be about to resume the run: a holder that ran out must stop, not revive it.
        await ElapseAsync(stores, TimeSpan.FromSeconds(31));
        Assert.False(await log.RenewLeaseAsync(run.Id, "a", TimeSpan.FromSeconds(30), default));
        Assert.False(await log.RecordPartAsync(run.Id, "a", 0, uncertain: false, null, null, default));
        Assert.Single(await log.DueAsync(_time.GetUtcNow(), default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Retried_runs_wait_for_their_next_attempt_time(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        IDeliveryLog log = store;
        var now = _time.GetUtcNow();
        var run = (await log.TryClaimAsync(Channel, now, now, default))!;
        Assert.True(await log.TryLeaseAsync(run.Id, "w", TimeSpan.FromSeconds(30), default));

        Assert.True(await log.RetryLaterAsync(run.Id, "w", "Discord said 503", 1, now.AddMinutes(2), default));

        Assert.Empty(await log.DueAsync(now.AddMinutes(1), default));
        Assert.Equal(now.AddMinutes(2), await log.NextAttemptAsync(now, default));
        var due = Assert.Single(await log.DueAsync(now.AddMinutes(2), default)).Record;
        Assert.Equal("Discord said 503", due.Reason);
        Assert.Equal(1, due.Attempts);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Subscription_bookkeeping_only_moves_forward(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        ISubscriptionStore subscriptions = store;
        var t0 = _time.GetUtcNow();
        await subscriptions.SaveAsync(new Subscription(Channel, "0 9 * * *", "UTC", true, t0, t0, false), t0, default);

        await subscriptions.AdvanceScheduleAsync(Channel, t0.AddDays(2), default);
        await subscriptions.AdvanceScheduleAsync(Channel, t0.AddDays(1), default);
        // Delivered runs move the covered-until mark with their outcome, never back.
        IDeliveryLog deliveries = store;
        foreach (var until in new[] { t0.AddDays(2), t0.AddDays(1) })
        {
            var run = (await deliveries.TryClaimAsync(Channel, until, t0, default))!;
            Assert.True(await deliveries.TryLeaseAsync(run.Id, "worker", TimeSpan.FromMinutes(1), default));
            Assert.True(await deliveries.CompleteDeliveredAsync(run.Id, "worker", DeliveryOutcome.Delivered, "posted", 1, t0, Channel, until, default));
        }
        Assert.Equal(1, await subscriptions.RecordFailureAsync(Channel, default));
        Assert.Equal(2, await subscriptions.RecordFailureAsync(Channel, default));
        await subscriptions.PauseAsync(Channel, "channel deleted", default);

        var state = (await subscriptions.GetAsync(Channel, default))!;
        Assert.Equal(t0.AddDays(2), state.ScheduledThrough);
        Assert.Equal(t0.AddDays(2), state.Subscription.CoveredUntil);
        Assert.Equal(2, state.ConsecutiveFailures);
        Assert.True(state.Subscription.Paused);
        Assert.Equal("channel deleted", state.PauseReason);

        Assert.True(await subscriptions.DeleteAsync(Channel, default));
        Assert.False(await subscriptions.DeleteAsync(Channel, default));
        Assert.Equal(0, await subscriptions.RecordFailureAsync(Channel, default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_backfill_subscription_keeps_its_unbounded_covered_until(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        var t0 = _time.GetUtcNow();
        await ((ISubscriptionStore)store).SaveAsync(new Subscription(Channel, "0 9 * * *", "UTC", true, t0, DateTimeOffset.MinValue, false), t0, default);

        var state = (await ((ISubscriptionStore)store).GetAsync(Channel, default))!;

        Assert.Equal(DateTimeOffset.MinValue, state.Subscription.CoveredUntil);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Answer_ids_are_short_and_distinct_and_unknown_ids_are_refused(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        var ids = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await store.RecordAsync(Channel, null, SampleAnswer(answered: i % 2 == 0), default));
        }

        Assert.Equal(20, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[a-z2-9]{10}$", id));
        Assert.Null(await store.FindAsync("nope", default));
        Assert.False(await store.RecordFeedbackAsync("nope", "u1", true, default));
        Assert.Null(await store.FindAsync(new string('x', 5000), default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_vote_keeps_its_typed_comment_and_a_later_vote_without_one_does_not_erase_it(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        var since = _time.GetUtcNow();
        var answered = await store.RecordAsync(Channel, "u1", SampleAnswer(answered: true), default);

        Assert.True(await ((IAnswerLog)store).RecordFeedbackAsync(answered, "u1", false, "  The date is wrong. ", default));
        await store.RecordFeedbackAsync(answered, "u1", helpful: true, default);
        await ((IAnswerLog)store).RecordFeedbackAsync(answered, "u2", false, new string('x', 5000), default);

        var feedback = (await store.ReportAsync(since, default)).Feedback;
        var first = feedback.Single(f => f.UserId == "u1");
        Assert.True(first.Helpful);
        Assert.Equal("The date is wrong.", first.Comment);
        Assert.Equal(2000, feedback.Single(f => f.UserId == "u2").Comment!.Length);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task The_report_lists_unanswered_questions_and_one_vote_per_user(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        // Entries are stamped by the store's clock (PostgreSQL's own where workers share it).
        var since = await store.ReadStoreClockAsync(default);
        var answered = await store.RecordAsync(Channel, "u1", SampleAnswer(answered: true), default);
        await store.RecordAsync(Channel, "u2", Answer.NotFound("Who won the cup?", "I could not find that.", ["semiconductors"]), default);
        await store.RecordFeedbackAsync(answered, "u1", helpful: true, default);
        _time.Advance(TimeSpan.FromMinutes(1));
        await store.RecordFeedbackAsync(answered, "u1", helpful: false, default);
        await store.RecordFeedbackAsync(answered, "u3", helpful: true, default);

        var report = await store.ReportAsync(since, default);

        var unanswered = Assert.Single(report.Unanswered);
        Assert.Equal("Who won the cup?", unanswered.Answer.Question);
        Assert.Equal(["semiconductors"], unanswered.Answer.SuggestedTopics);
        Assert.Equal(2, report.Feedback.Count);
        Assert.False(report.Feedback.Single(f => f.UserId == "u1").Helpful);
        Assert.Empty((await store.ReportAsync(since.AddHours(1), default)).Feedback);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Answers_and_contexts_written_at_once_are_all_committed_and_a_bad_write_fails_alone(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        // Many writers at once: the store commits queued writes together, one transaction per batch.
        var answers = Enumerable.Range(0, 60)
            .Select(i => store.RecordAsync(Channel, $"u{i}", SampleAnswer(answered: true) with { Question = $"question {i}?" }, default))
            .ToList();
        var contexts = Enumerable.Range(0, 60)
            .Select(i => store.SaveContextAsync(new ChannelKey("web", $"c{i}"), new ConversationContext($"question {i}?"), default))
            .ToList();
        // A write the database refuses (no channel id) among them fails its own caller only.
        var refused = store.RecordAsync(new ChannelKey("web", null!), "u", SampleAnswer(answered: true), default);

        var ids = await Task.WhenAll(answers);
        await Task.WhenAll(contexts);
        await Assert.ThrowsAnyAsync<Exception>(() => refused);

        Assert.Equal(60, ids.Distinct().Count());
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal($"question {i}?", (await store.FindAsync(ids[i], default))!.Answer.Question);
            Assert.Equal($"question {i}?", (await store.FindContextAsync(new ChannelKey("web", $"c{i}"), default))!.LastQuestion);
        }
        // The store still takes writes after the failure.
        Assert.NotNull(await store.FindAsync(await store.RecordAsync(Channel, "u", SampleAnswer(answered: false), default), default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_write_whose_caller_gave_up_before_it_was_queued_is_not_made(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SaveContextAsync(new ChannelKey("web", "gone"), new ConversationContext("q"), cancelled.Token));

        Assert.Null(await store.FindContextAsync(new ChannelKey("web", "gone"), default));
    }

    private static Answer SampleAnswer(bool answered) => answered
        ? new Answer("What is new?", true, "The council met [1].",
            [new Citation(1, "2023-06-30-first", "First council", new DateOnly(2023, 6, 30), "https://example.org/a", "It met in Seoul.")], 0.8)
        : Answer.NotFound("Unknown?", "No idea.", []);
}
