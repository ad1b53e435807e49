using ChatBot.Core.Configuration;
using ChatBot.Core.Storage;
using ChatBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Tests.Storage;

public sealed class StoreOptionsTests
{
    [Fact]
    public void The_default_provider_is_the_sqlite_file_in_the_data_folder()
    {
        using var data = new TempFolder();
        using var services = Build(data, []);

        var store = Assert.IsType<SqliteChatStore>(services.GetRequiredService<ChatStore>());

        Assert.Equal(Path.Combine(data.Path, "chatbot.db"), store.DatabasePath);
        Assert.Same(store, services.GetRequiredService<IInbox>());
    }

    [Fact]
    public void Postgres_takes_the_connection_string_from_ConnectionStrings_ChatBot()
    {
        using var data = new TempFolder();
        using var services = Build(data, new()
        {
            ["ChatBot:Store:Provider"] = "postgres",
            ["ConnectionStrings:ChatBot"] = "Host=db.internal;Port=5433;Database=bot;Username=bot;Password=s3cret",
        });

        var store = Assert.IsType<PostgresChatStore>(services.GetRequiredService<ChatStore>());

        Assert.Equal("postgres://db.internal:5433/bot", store.Description);
        Assert.DoesNotContain("s3cret", store.Description);
    }

    [Theory]
    [InlineData("mysql", null, "must be 'sqlite' or 'postgres'")]
    [InlineData("postgres", null, "ConnectionStrings:ChatBot is not set")]
    [InlineData("postgres", "Host=db;Frobnicate=yes", "not a valid PostgreSQL connection string")]
    [InlineData("postgres", "Database=bot", "names no Host")]
    public void Bad_store_settings_fail_at_start_up_with_the_key_to_fix(string provider, string? connectionString, string message)
    {
        using var data = new TempFolder();
        using var services = Build(data, new()
        {
            ["ChatBot:Store:Provider"] = provider,
            ["ConnectionStrings:ChatBot"] = connectionString,
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StoreOptions>>().Value);

        Assert.Contains(message, error.Message);
    }

    private static ServiceProvider Build(TempFolder data, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ChatBotPaths(data.Path, data.Path));
        services.AddChatStore(configuration);
        return services.BuildServiceProvider();
    }
}
