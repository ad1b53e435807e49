using ChatBot.Core.Configuration;
using ChatBot.Core.Conversations;
using ChatBot.Core.Coordination;
using ChatBot.Core.Feedback;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatBot.Core.Storage;

public static class StoreServiceCollectionExtensions
{
    /// <summary>The store chosen by <c>ChatBot:Store:Provider</c>, behind each of its narrow interfaces.</summary>
    public static IServiceCollection AddChatStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.Section))
            .Configure(options => options.ConnectionString ??= configuration.GetConnectionString(StoreOptions.ConnectionStringName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());

        services.TryAddSingleton<ChatStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>();
            var time = sp.GetRequiredService<TimeProvider>();
            return options.Value.IsPostgres
                ? new PostgresChatStore(options.Value.ConnectionString!, time)
                : new SqliteChatStore(sp.GetRequiredService<ChatBotPaths>(), options, time);
        });
        services.TryAddSingleton<ISubscriptionStore>(sp => sp.GetRequiredService<ChatStore>());
        services.TryAddSingleton<IDeliveryLog>(sp => sp.GetRequiredService<ChatStore>());
        services.TryAddSingleton<ICorpusChangeLog>(sp => sp.GetRequiredService<ChatStore>());
        services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<ChatStore>());
        services.TryAddSingleton<IConversationContextStore>(sp => sp.GetRequiredService<ChatStore>());
        services.TryAddSingleton<IAnswerLog>(sp => sp.GetRequiredService<ChatStore>());
        services.TryAddSingleton<IInbox>(sp => sp.GetRequiredService<ChatStore>());
        services.TryAddSingleton<ILeaseStore>(sp => sp.GetRequiredService<ChatStore>());
        services.TryAddSingleton<ISharedNumbers>(sp => sp.GetRequiredService<ChatStore>());
        services.TryAddSingleton<IEventLedger>(sp => sp.GetRequiredService<ChatStore>());
        services.TryAddSingleton<WorkerIdentity>();
        // Schedules run on the database server's clock where workers share it (see DatabaseClock).
        services.TryAddSingleton(sp => new DatabaseClock(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.IsPostgres ? sp.GetRequiredService<ChatStore>() : null,
            sp.GetService<ILogger<DatabaseClock>>()));
        return services;
    }

    private sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, StoreOptions options)
        {
            if (string.Equals(options.Provider, StoreOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
            {
                return ValidateOptionsResult.Success;
            }
            if (!options.IsPostgres)
            {
                return ValidateOptionsResult.Fail(
                    $"{StoreOptions.Section}:Provider must be '{StoreOptions.Sqlite}' or '{StoreOptions.Postgres}' (got '{options.Provider}')");
            }
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                return ValidateOptionsResult.Fail(
                    $"{StoreOptions.Section}:Provider is '{StoreOptions.Postgres}' but ConnectionStrings:{StoreOptions.ConnectionStringName} is not set " +
                    "(e.g. Host=db;Database=chatbot;Username=chatbot, password from the environment)");
            }
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    return ValidateOptionsResult.Fail($"ConnectionStrings:{StoreOptions.ConnectionStringName} names no Host");
                }
            }
            catch (ArgumentException e)
            {
                // The parser's message names the bad key, never the value (which may be a password).
                return ValidateOptionsResult.Fail($"ConnectionStrings:{StoreOptions.ConnectionStringName} is not a valid PostgreSQL connection string: {e.Message}");
            }
            return ValidateOptionsResult.Success;
        }
    }
}
