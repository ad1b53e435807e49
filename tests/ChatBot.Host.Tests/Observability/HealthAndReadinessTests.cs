using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Core.Conversations;
using ChatBot.Host.Observability;
using ChatBot.Host.Tests.Fakes;
using ChatBot.Host.Tests.Support;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatBot.Host.Tests.Observability;

public sealed class HealthAndReadinessTests
{
    [Fact]
    public async Task Healthz_is_200_even_while_the_index_is_loading()
    {
        await using var worker = await TestWorker.StartAsync(TestServices.Doubles(knowledge: new FakeKnowledgeBase(ready: false)));

        using var health = await worker.Client.GetAsync("/healthz");
        using var ready = await worker.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(["index: index is still loading"], await ReasonsOf(ready));
    }

    [Fact]
    public async Task Readyz_turns_200_once_the_index_is_loaded()
    {
        await using var worker = await TestWorker.StartAsync(TestServices.Doubles(knowledge: new FakeKnowledgeBase(ready: true)));

        using var ready = await worker.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Empty(await ReasonsOf(ready));
    }

    [Fact]
    public async Task Readyz_names_a_failed_index_load()
    {
        var knowledge = new FakeKnowledgeBase(ready: false);
        knowledge.Fail("corpus folder is missing");
        await using var worker = await TestWorker.StartAsync(TestServices.Doubles(knowledge: knowledge));

        using var ready = await worker.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(["index: index failed to load: corpus folder is missing"], await ReasonsOf(ready));

        using var ask = await worker.Client.PostAsJsonAsync("/api/ask", new { question = "When is the next council?" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ask.StatusCode);
        Assert.Contains("index failed to load", await ChatBot.Host.Tests.Web.AskApiTests.ErrorOf(ask));
    }

    [Fact]
    public async Task Readyz_requires_every_registered_check()
    {
        await using var worker = await TestWorker.StartAsync(services =>
        {
            TestServices.Doubles()(services);
            services.AddSingleton<IReadinessCheck>(new FakeReadinessCheck("store", ReadinessResult.Fail("store is not open")));
            services.AddSingleton<IReadinessCheck>(new FakeThrowingReadinessCheck());
        });

        using var ready = await worker.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(["store: store is not open", "flaky: check failed: disk on fire"], await ReasonsOf(ready));
    }

    [Fact]
    public async Task Readyz_is_503_while_the_store_cannot_be_opened_and_200_once_it_can()
    {
        var store = new SwitchableStore();
        await using var worker = await TestWorker.StartAsync(services =>
        {
            TestServices.Doubles()(services);
            services.AddSingleton<IConversationStore>(store);
        });

        using var broken = await worker.Client.GetAsync("/readyz");
        store.Open = true;
        using var open = await worker.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.StatusCode);
        Assert.Equal(["store: store cannot be opened: unable to open database file"], await ReasonsOf(broken));
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task Readyz_includes_standard_health_checks_where_only_unhealthy_blocks()
    {
        await using var degradedOnly = await TestWorker.StartAsync(services =>
        {
            TestServices.Doubles()(services);
            services.AddHealthChecks().AddCheck("gateway", () => HealthCheckResult.Degraded("gateway connecting"));
        });
        await using var unhealthy = await TestWorker.StartAsync(services =>
        {
            TestServices.Doubles()(services);
            services.AddHealthChecks()
                .AddCheck("gateway", () => HealthCheckResult.Degraded("gateway connecting"))
                .AddCheck("mailbox", () => HealthCheckResult.Unhealthy("mailbox unreachable"));
        });

        using var ready = await degradedOnly.Client.GetAsync("/readyz");
        using var notReady = await unhealthy.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("degraded: gateway connecting", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal(["mailbox: mailbox unreachable"], await ReasonsOf(notReady));
    }

    private static async Task<List<string?>> ReasonsOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();
    }

    private sealed class FakeReadinessCheck(string name, ReadinessResult result) : IReadinessCheck
    {
        public string Name => name;

        public Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(result);
    }

    private sealed class SwitchableStore : IConversationStore
    {
        public volatile bool Open;

        public Task SaveReferenceAsync(ChannelKey channel, string referenceJson, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<string?> GetReferenceAsync(ChannelKey channel, CancellationToken cancellationToken) =>
            Open ? Task.FromResult<string?>(null) : throw new IOException("unable to open database file");
    }

    private sealed class FakeThrowingReadinessCheck : IReadinessCheck
    {
        public string Name => "flaky";

        public Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken) => throw new IOException("disk on fire");
    }
}
