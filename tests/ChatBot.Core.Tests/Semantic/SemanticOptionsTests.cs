using ChatBot.Core.Configuration;
using ChatBot.Core.Semantic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Tests.Semantic;

public class SemanticOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(new ChatBotPaths(Path.GetTempPath(), Path.GetTempPath()));
        services.AddSemanticRetrieval(configuration);
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData("FusionK", "0")]
    [InlineData("CandidatesPerRanking", "5000")]
    [InlineData("BatchSize", "0")]
    [InlineData("Threads", "-1")]
    public void Out_of_range_settings_fail_at_start_up(string key, string value)
    {
        using var provider = Build(new() { [$"{SemanticOptions.Section}:{key}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void An_unknown_model_fails_at_start_up()
    {
        using var provider = Build(new() { [$"{SemanticOptions.Section}:Model"] = "GPT5" });

        Assert.ThrowsAny<InvalidOperationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public void Defaults_are_valid_and_resolve_the_packaged_encoder_without_loading_it()
    {
        using var provider = Build([]);

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType<SentenceTransformerEmbedder>(provider.GetRequiredService<ITextEmbedder>());
        Assert.Equal("arctic-xs", provider.GetRequiredService<ITextEmbedder>().ModelId);
        Assert.True(provider.GetRequiredService<SemanticIndex>().Enabled);
    }
}
