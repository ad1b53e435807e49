using ChatBot.Core.Conversations;
using ChatBot.Core.Storage;
using ChatBot.Testing.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Storage;

/// <summary>Runs against both providers, except the SQLite file upgrade at the end.</summary>
public sealed class ConversationContextStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_context_survives_reopening_and_a_later_save_replaces_it(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var thread = new ChannelKey("discord", "900");
        using (var store = stores.Open(_time))
        {
            await store.SaveContextAsync(thread, new ConversationContext("When is the next council?", StartedByBot: true), default);
        }
        using (var store = stores.Open(_time))
        {
            Assert.Equal(new ConversationContext("When is the next council?", true), await store.FindContextAsync(thread, default));
            await store.SaveContextAsync(thread, new ConversationContext("who chaired it?", StartedByBot: true), default);
            Assert.Equal("who chaired it?", (await store.FindContextAsync(thread, default))!.LastQuestion);
        }
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Contexts_are_kept_apart_by_platform_and_conversation(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        await store.SaveContextAsync(new ChannelKey("teams", "a:1"), new ConversationContext("teams question"), default);
        await store.SaveContextAsync(new ChannelKey("web", "a:1"), new ConversationContext("web question"), default);

        Assert.Equal("teams question", (await store.FindContextAsync(new ChannelKey("teams", "a:1"), default))!.LastQuestion);
        Assert.Equal("web question", (await store.FindContextAsync(new ChannelKey("web", "a:1"), default))!.LastQuestion);
        Assert.Null(await store.FindContextAsync(new ChannelKey("discord", "a:1"), default));
        Assert.Null(await store.FindContextAsync(new ChannelKey("teams", "a:2"), default));
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Absurd_ids_and_questions_are_refused_or_cut_without_harming_other_rows(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        using var store = stores.Open(_time);
        var huge = new string('x', ChatStore.MaxIdChars + 1);
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveContextAsync(new ChannelKey("web", huge), new ConversationContext("q"), default));
        await Assert.ThrowsAsync<ArgumentException>(() => store.LinkMessageAsync(new ChannelKey("teams", "c"), huge, "a1", default));
        Assert.Null(await store.FindContextAsync(new ChannelKey("web", huge), default));
        Assert.Null(await store.FindAnswerIdAsync(new ChannelKey("teams", "c"), huge, default));

        var key = new ChannelKey("web", "s1");
        await store.SaveContextAsync(key, new ConversationContext(new string('q', 100_000)), default);
        Assert.Equal(ChatStore.MaxContextChars, (await store.FindContextAsync(key, default))!.LastQuestion!.Length);
    }

    [Theory, MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_message_link_names_its_answer_only_in_its_own_conversation(string provider)
    {
        await using var stores = await TestStores.CreateAsync(provider);
        var chat = new ChannelKey("teams", "a:chat");
        using (var store = stores.Open(_time))
        {
            await store.LinkMessageAsync(chat, "1700000000001", "abcdefghjk", default);
        }
        using (var store = stores.Open(_time))
        {
            Assert.Equal("abcdefghjk", await store.FindAnswerIdAsync(chat, "1700000000001", default));
            Assert.Null(await store.FindAnswerIdAsync(new ChannelKey("teams", "a:other"), "1700000000001", default));
            Assert.Null(await store.FindAnswerIdAsync(chat, "1700000000002", default));
        }
    }

    [Fact]
    public async Task A_version_3_file_keeps_its_discord_contexts_and_teams_message_links()
    {
        await using var stores = await TestStores.CreateAsync(TestStores.Sqlite);
        var path = stores.SqlitePath;
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // What builds before the context store wrote: rows under made-up platform names.
            command.CommandText = string.Join("\n", StoreMigrations.Sqlite.Take(3)) + """
                PRAGMA user_version = 3;
                INSERT INTO conversation_refs VALUES ('discord-conversation', '901', '{"kind":0,"question":"When is the next council?"}', 5);
                INSERT INTO conversation_refs VALUES ('discord-conversation', '902', '{"kind":1,"question":"Where was it held?"}', 5);
                INSERT INTO conversation_refs VALUES ('discord-conversation', '903', 'not json', 5);
                INSERT INTO conversation_refs VALUES ('teams-answer', 'a:chat|1700000000001', '{"AnswerId":"abcdefghjk"}', 5);
                INSERT INTO conversation_refs VALUES ('teams', 'a:chat', '{"conversationId":"a:chat"}', 5);
                """;
            await command.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        using var store = stores.Open(_time);
        Assert.Equal(new ConversationContext("When is the next council?", true), await store.FindContextAsync(new ChannelKey("discord", "901"), default));
        Assert.Equal(new ConversationContext("Where was it held?", false), await store.FindContextAsync(new ChannelKey("discord", "902"), default));
        Assert.Null(await store.FindContextAsync(new ChannelKey("discord", "903"), default));
        Assert.Equal("abcdefghjk", await store.FindAnswerIdAsync(new ChannelKey("teams", "a:chat"), "1700000000001", default));
        // Real conversation references stay; the made-up rows are gone.
        Assert.NotNull(await store.GetReferenceAsync(new ChannelKey("teams", "a:chat"), default));
        Assert.Null(await store.GetReferenceAsync(new ChannelKey("discord-conversation", "901"), default));
        Assert.Null(await store.GetReferenceAsync(new ChannelKey("teams-answer", "a:chat|1700000000001"), default));
    }
}
