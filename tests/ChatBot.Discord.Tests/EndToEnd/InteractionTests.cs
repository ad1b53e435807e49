using System.Net;
using System.Text.Json.Nodes;
using ChatBot.Discord.Tests.Fakes;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>Slash commands, autocomplete and buttons, on the gateway and through the HTTP endpoint.</summary>
public sealed class InteractionTests : WorkerOnFakeDiscord
{
    private Task<RecordedRequest> EditOf(string token) => Fake.EditOfAsync(token);

    private RecordedRequest CallbackOf(string id) =>
        Fake.Requests.Single(r => r.Method == "POST" && r.Path.StartsWith($"interactions/{id}/", StringComparison.Ordinal) && r.Path.EndsWith("/callback", StringComparison.Ordinal));

    [Fact]
    public async Task Commands_are_registered_globally_at_start_up()
    {
        await Fake.WaitUntilAsync(d => d.Requests.Any(r => r.Method == "PUT"), "command registration");

        var put = Fake.Requests.Single(r => r.Method == "PUT");
        Assert.Equal($"applications/{FakeDiscord.ApplicationId}/commands", put.Path);
        var commands = put.Json!.AsArray();
        Assert.Equal(["ask", "summary", "topics", "digest"], commands.Select(c => c!["name"]!.GetValue<string>()));
        Assert.True(commands[1]!["options"]![0]!["autocomplete"]!.GetValue<bool>());
        Assert.Equal(["now", "subscribe", "unsubscribe", "status"], commands[3]!["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        Assert.All(commands, c => Assert.True(c!["description"]!.GetValue<string>().Length <= 100));
    }

    [Fact]
    public async Task Commands_declare_their_contexts_and_digest_is_not_offered_in_DMs()
    {
        await Fake.WaitUntilAsync(d => d.Requests.Any(r => r.Method == "PUT"), "command registration");

        var commands = Fake.Requests.Single(r => r.Method == "PUT").Json!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>());
        int[] Contexts(string name) => commands[name]!["contexts"]!.AsArray().Select(c => c!.GetValue<int>()).ToArray();
        Assert.Equal([0], Contexts("digest"));
        Assert.Equal([0, 1], Contexts("ask"));
        Assert.Equal([0, 1], Contexts("summary"));
        Assert.Equal([0, 1], Contexts("topics"));
        Assert.All(commands.Values, c => Assert.Equal([0], c!["integration_types"]!.AsArray().Select(t => t!.GetValue<int>())));
    }

    [Fact]
    public async Task Digest_command_arriving_from_a_DM_is_refused()
    {
        var response = await Worker.PostInteractionAsync(new
        {
            id = Payloads.NewId(),
            application_id = FakeDiscord.ApplicationId,
            type = 2,
            token = "dm-digest",
            channel_id = Payloads.DmChannelId,
            user = new { id = Payloads.UserId, username = "asker" },
            data = new { id = "1", name = "digest", type = 1, options = new[] { Payloads.Subcommand("subscribe") } },
        });

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(4, json["type"]!.GetValue<int>());
        Assert.Contains("server channel", json["data"]!["content"]!.GetValue<string>());
        Assert.Empty(Worker.Digests.Subscriptions);
    }

    [Fact]
    public async Task Ask_on_the_gateway_is_deferred_then_the_original_response_is_edited()
    {
        var id = Payloads.NewId();
        await Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Command(id, "ask", [Payloads.Option("question", "When is the next council?")], token: "ask-token"));

        var edit = await EditOf("ask-token");
        var callback = CallbackOf(id);
        Assert.Equal(5, callback.Json!["type"]!.GetValue<int>());
        Assert.True(callback.At <= edit.At);
        Assert.Null(callback.Authorization);
        var answer = Assert.Single(Worker.Engine.Answers);
        Assert.Contains("[1]", edit.Json!["content"]!.GetValue<string>());
        Assert.Contains(ChatBot.Discord.Rendering.DiscordAnswerRenderer.SourceLine(answer.Citations[0]), edit.Json!["embeds"]![0]!["description"]!.GetValue<string>());
        Assert.Empty(edit.Json!["allowed_mentions"]!["parse"]!.AsArray());
        Assert.DoesNotContain(Worker.Logs.Entries, e => e.Message.Contains("ask-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ask_through_the_HTTP_endpoint_answers_type_5_at_once_and_edits_later()
    {
        var response = await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "ask", [Payloads.Option("question", "When is the next council?")], token: "http-ask"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<int>());
        var edit = await EditOf("http-ask");
        Assert.Contains("[1]", edit.Json!["content"]!.GetValue<string>());
        Assert.Equal("discord", Assert.Single(Worker.Engine.Requests).Origin);
    }

    [Fact]
    public async Task Deferral_does_not_wait_for_a_slow_engine()
    {
        using var release = new ManualResetEventSlim();
        Worker.Engine.Respond = request =>
        {
            release.Wait(TimeSpan.FromSeconds(30));
            return FixedAnswers.CouncilAnswer(request);
        };

        var response = await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "ask", [Payloads.Option("question", "When is the next council?")], token: "slow"));

        Assert.Equal(5, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<int>());
        await Fake.WaitUntilAsync(() => !Worker.Engine.Requests.IsEmpty, "the engine to be asked");
        Assert.DoesNotContain(Fake.Requests, r => r.Method == "PATCH");
        release.Set();
        Assert.Contains("Brussels in 2024 [1]", (await EditOf("slow")).Json!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ping_through_the_HTTP_endpoint_gets_pong()
    {
        var response = await Worker.PostInteractionAsync(new { id = Payloads.NewId(), application_id = FakeDiscord.ApplicationId, type = 1, token = "t" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"type":1}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Summary_autocomplete_offers_matching_topics()
    {
        var response = await Worker.PostInteractionAsync(Payloads.Autocomplete(Payloads.NewId(), "sem"));

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(8, json["type"]!.GetValue<int>());
        var choice = Assert.Single(json["data"]!["choices"]!.AsArray());
        Assert.Equal("Semiconductors", choice!["name"]!.GetValue<string>());
        Assert.Equal("semiconductors", choice["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Summary_autocomplete_on_the_gateway_posts_choices_to_the_callback()
    {
        var id = Payloads.NewId();
        await Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Autocomplete(id, "d"));

        await Fake.WaitUntilAsync(d => d.Requests.Any(r => r.Path.StartsWith($"interactions/{id}/", StringComparison.Ordinal)), "the autocomplete callback");
        var callback = CallbackOf(id).Json!;
        Assert.Equal(8, callback["type"]!.GetValue<int>());
        Assert.Equal("council", Assert.Single(callback["data"]!["choices"]!.AsArray())!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Summary_renders_the_topic_overview_with_citations()
    {
        await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "summary", [Payloads.Option("topic", "semiconductors")], token: "sum"));

        var edit = (await EditOf("sum")).Json!;
        Assert.StartsWith("**Summary: Semiconductors**", edit["content"]!.GetValue<string>());
        Assert.Contains("1. First EU–Korea Digital Partnership Council (2023-06-30)", edit["embeds"]![0]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Summary_of_an_unknown_topic_suggests_the_closest_and_lists_the_known_ones()
    {
        await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "summary", [Payloads.Option("topic", "semicondctors")], token: "unknown-topic"));

        var content = (await EditOf("unknown-topic")).Json!["content"]!.GetValue<string>();
        Assert.Contains("I do not know a topic called \"semicondctors\"", content);
        Assert.Contains("Did you mean **Semiconductors** (`semiconductors`)?", content);
        Assert.Contains("Known topics: Semiconductors, Digital Partnership Council, 5G and 6G.", content);
    }

    [Fact]
    public async Task Topics_answers_directly_with_the_topic_list()
    {
        var response = await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "topics", []));

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(4, json["type"]!.GetValue<int>());
        var content = json["data"]!["content"]!.GetValue<string>();
        Assert.Contains("Semiconductors — `semiconductors`", content);
        Assert.Contains("5G and 6G", content);
        Assert.Empty(json["data"]!["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task Show_quotes_replies_ephemerally_with_the_verbatim_quotes_and_feedback_is_stored()
    {
        await Fake.DispatchAsync("MESSAGE_CREATE", Payloads.Message(Payloads.NewId(), "When is the next council?"));
        await Fake.WaitUntilAsync(d => d.Messages.Count == 1, "the answer");
        var answerId = Assert.Single(Worker.AnswerLog.Answers).Id;

        var quotesId = Payloads.NewId();
        await Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Button(quotesId, $"quotes:{answerId}", token: "quotes"));
        var quotes = (await EditOf("quotes")).Json!["content"]!.GetValue<string>();
        Assert.Equal(64, CallbackOf(quotesId).Json!["data"]!["flags"]!.GetValue<int>());
        var citations = Assert.Single(Worker.Engine.Answers).Citations;
        Assert.NotEmpty(citations);
        foreach (var citation in citations)
        {
            Assert.Contains($"**[{citation.N}] {citation.Title}**", quotes);
            Assert.Contains("> " + citation.Quote.Split('\n')[0].TrimEnd(), quotes);
        }

        await Fake.DispatchAsync("INTERACTION_CREATE", Payloads.Button(Payloads.NewId(), $"fb:down:{answerId}", token: "vote"));
        Assert.Contains("feedback was recorded", (await EditOf("vote")).Json!["content"]!.GetValue<string>());
        var feedback = Assert.Single(Worker.AnswerLog.Feedback);
        Assert.False(feedback.Helpful);
        Assert.Equal("When is the next council?", feedback.Question);
        Assert.Equal(Payloads.UserId, feedback.UserId);
    }

    [Fact]
    public async Task Unknown_answer_id_on_a_button_says_so()
    {
        await Worker.PostInteractionAsync(Payloads.Button(Payloads.NewId(), "fb:up:nope", token: "unknown"));

        Assert.Contains("no longer have that answer", (await EditOf("unknown")).Json!["content"]!.GetValue<string>());
        Assert.Empty(Worker.AnswerLog.Feedback);
    }

    [Fact]
    public async Task Digest_now_posts_the_digest_to_the_channel_through_REST()
    {
        var response = await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "digest", [Payloads.Subcommand("now")], token: "digest"));

        Assert.Equal(5, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<int>());
        Assert.Equal("Digest posted.", (await EditOf("digest")).Json!["content"]!.GetValue<string>());
        var post = Assert.Single(Fake.Messages);
        Assert.Equal(Payloads.ChannelId, post.ChannelId);
        Assert.StartsWith("**What is new (2023-06-26 – 2023-07-03)**", post.Body["content"]!.GetValue<string>());
        Assert.Contains("[1]", post.Body["content"]!.GetValue<string>());
        Assert.Empty(post.Body["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task Digest_subscribe_status_and_unsubscribe()
    {
        await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "digest", [Payloads.Subcommand("subscribe", Payloads.Option("schedule", "not a cron"))], token: "bad"));
        Assert.Contains("not accepted", (await EditOf("bad")).Json!["content"]!.GetValue<string>());
        Assert.Empty(Worker.Digests.Subscriptions);

        await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "digest", [Payloads.Subcommand("subscribe")], token: "sub"));
        Assert.Contains("`0 9 * * 1` (Europe/Brussels)", (await EditOf("sub")).Json!["content"]!.GetValue<string>());
        Assert.Single(Worker.Digests.Subscriptions);

        await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "digest", [Payloads.Subcommand("status")], token: "status"));
        var status = (await EditOf("status")).Json!["content"]!.GetValue<string>();
        Assert.Contains("Subscribed on `0 9 * * 1`", status);
        Assert.Contains("SkippedEmpty — nothing new in the corpus since the last digest", status);

        await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "digest", [Payloads.Subcommand("unsubscribe")], token: "unsub"));
        Assert.Contains("no longer receive digests", (await EditOf("unsub")).Json!["content"]!.GetValue<string>());
        Assert.Empty(Worker.Digests.Subscriptions);
    }

    [Fact]
    public async Task Digest_to_a_channel_the_bot_cannot_post_in_is_a_permanent_failure()
    {
        Fake.Script(new ScriptedResponse("POST", $"channels/{Payloads.ChannelId}/messages", 403, """{"message":"Missing Access","code":50001}"""));

        await Worker.PostInteractionAsync(Payloads.Command(Payloads.NewId(), "digest", [Payloads.Subcommand("now")], token: "forbidden"));

        var edit = (await EditOf("forbidden")).Json!["content"]!.GetValue<string>();
        Assert.Contains("could not be posted", edit);
        Assert.Contains("403", edit);
        Assert.Single(Fake.Requests, r => r.Method == "POST" && r.Path == $"channels/{Payloads.ChannelId}/messages");
    }
}
