using System.Globalization;
using System.Net;
using System.Text;
using ChatBot.Core.Diagnostics;
using ChatBot.Discord.Tests.EndToEnd;
using ChatBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Tests.Interactions;

/// <summary>The HTTP interactions endpoint attacked from outside: endless bodies, replays, floods of forgeries.</summary>
public sealed class EndpointAttackTests : FakeDiscordTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await StartWorkerAsync(gateway: false);
    }

    private IEnumerable<(LogLevel Level, string Category, string Message)> Refusals =>
        Worker.Logs.Entries.Where(e => e.Category == typeof(RefusalLog).FullName);

    [Fact]
    public async Task Chunked_body_without_length_is_cut_off_at_1_MiB_while_reading()
    {
        const long offered = 64L * 1024 * 1024;
        await using var body = new EndlessBody(offered);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Worker.BaseAddress, "discord/interactions")) { Content = new StreamContent(body) };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-Signature-Ed25519", new string('a', 128));
        request.Headers.Add("X-Signature-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        using var http = new HttpClient();

        HttpStatusCode? status = null;
        try
        {
            using var response = await http.SendAsync(request);
            status = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The server may close the connection while the client is still sending: refused either way.
        }

        // What the client could push into socket buffers is all the server ever took; buffering it all would be 64 MiB.
        Assert.True(body.Produced < 16L * 1024 * 1024, $"the client sent {body.Produced} bytes before being cut off");
        Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"status {status}");
        await Fake.WaitUntilAsync(() => Refusals.Any(e => e.Message.Contains("body over", StringComparison.Ordinal)), "the refusal in the log");
        Assert.Empty(Worker.Engine.Requests);
    }

    [Fact]
    public async Task The_same_signed_interaction_sent_three_times_is_answered_once()
    {
        var signed = Worker.Sign(Payloads.Command(Payloads.NewId(), "ask", [Payloads.Option("question", "When is the next council?")], token: "replayed"));

        var first = await Worker.SendSignedAsync(signed);
        var second = await Worker.SendSignedAsync(signed);
        var third = await Worker.SendSignedAsync(signed);
        await Fake.EditOfAsync("replayed");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Single(Worker.Engine.Requests);
        Assert.Single(Fake.Requests, r => r.Method == "PATCH");
        Assert.Equal(2, Refusals.Count(e => e.Message.Contains("replay", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Ping_may_be_repeated()
    {
        var signed = Worker.Sign(new { id = Payloads.NewId(), application_id = FakeDiscord.ApplicationId, type = 1, token = "t" });

        Assert.Equal(HttpStatusCode.OK, (await Worker.SendSignedAsync(signed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Worker.SendSignedAsync(signed)).StatusCode);
    }

    [Fact]
    public async Task Two_hundred_forged_signatures_are_all_refused_but_logged_only_a_few_times()
    {
        using var http = new HttpClient { BaseAddress = Worker.BaseAddress };
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < 200; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "discord/interactions") { Content = new StringContent($$"""{"id":"{{i}}","type":2,"token":"t"}""", Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Signature-Ed25519", new string('b', 128));
            request.Headers.Add("X-Signature-Timestamp", timestamp);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var logged = Refusals.Count();
        Assert.InRange(logged, 1, 2 * RefusalLog.MaxLinesPerWindow + 2);
        Assert.DoesNotContain(Worker.Logs.Entries, e => e.Level >= LogLevel.Warning && e.Category != typeof(RefusalLog).FullName && e.Message.Contains("signature", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A request body that never ends (up to <c>length</c>), counting what was actually read from it.</summary>
    private sealed class EndlessBody(long length) : Stream
    {
        private long _produced;

        public long Produced => Interlocked.Read(ref _produced);

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Produced);
            buffer.AsSpan(offset, n).Fill((byte)'x');
            Interlocked.Add(ref _produced, n);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
