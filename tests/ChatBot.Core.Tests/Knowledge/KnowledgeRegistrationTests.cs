using ChatBot.Core.Answers;
using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Search;
using ChatBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Tests.Knowledge;

public class KnowledgeRegistrationTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private IHost BuildHost(Dictionary<string, string?>? settings = null, bool workers = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [IndexOptions.Section + ":SynonymsPath"] = RepositoryPaths.SynonymsFile,
            ["ChatBot:Semantic:Enabled"] = "false",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.AddSingleton(new ChatBotPaths(RepositoryPaths.Corpus, _data.Path));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddKnowledgeEngine(builder.Configuration);
        if (workers)
        {
            builder.Services.AddKnowledgeWorkers();
        }
        return builder.Build();
    }

    [Fact]
    public void Engine_services_are_singletons_and_the_answer_engine_resolves_through_its_concrete_type()
    {
        using var host = BuildHost(workers: false);

        Assert.Same(host.Services.GetRequiredService<KnowledgeBase>(), host.Services.GetRequiredService<IKnowledgeBase>());
        Assert.Same(host.Services.GetRequiredService<AnswerEngine>(), host.Services.GetRequiredService<IAnswerEngine>());
        Assert.IsType<LucenePassageSearcher>(host.Services.GetRequiredService<IPassageSearcher>());
    }

    [Fact]
    public async Task The_worker_indexes_at_start_up_and_completes_readiness()
    {
        using var host = BuildHost();
        var knowledge = host.Services.GetRequiredService<IKnowledgeBase>();

        await host.StartAsync();
        await knowledge.WhenReady.WaitAsync(TimeSpan.FromMinutes(2));
        var answer = await host.Services.GetRequiredService<IAnswerEngine>().AskAsync(new AskRequest("Where was the first Digital Partnership Council held?"), CancellationToken.None);
        var hits = await host.Services.GetRequiredService<IPassageSearcher>().SearchAsync("semiconductors", 5, CancellationToken.None);
        await host.StopAsync();

        Assert.True(knowledge.IsReady);
        Assert.NotEmpty(knowledge.Documents);
        Assert.Contains("Seoul", answer.Text);
        Assert.InRange(hits.Count, 1, 5);
        Assert.Contains(hits, h => h.Passage.Text.Contains("emiconductor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_answer_options_fail_at_start_up()
    {
        using var host = BuildHost(new Dictionary<string, string?> { [AnswerOptions.Section + ":MinConfidence"] = "3" }, workers: false);

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }
}
