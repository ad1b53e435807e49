// Deliberate breaks of the architecture rules, for RuleSelfTests. Nothing here runs.
#pragma warning disable CA1822
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Architecture.Tests.Violations;

internal sealed class EngineThatRendersForDiscord
{
    public string Render() => nameof(ChatBot.Discord.DiscordServiceCollectionExtensions);

    public Type Renderer() => typeof(ChatBot.Discord.DiscordOptions);
}

internal sealed class AdapterThatCallsTeams
{
    public object Options() => new ChatBot.Teams.TeamsOptions();
}

internal sealed class AdapterThatQueriesLucene
{
    public async Task<int> CountAsync()
    {
        await Task.Yield();
        return new BooleanQuery { { new TermQuery(new Term("text", "council")), Occur.SHOULD } }.Clauses.Count;
    }
}

internal sealed class ModuleThatBuildsAHost
{
    public IHost Build() => Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder().Build();
}

internal sealed class ModuleThatBuildsAProvider
{
    public IServiceProvider Build(IServiceCollection services) => services.BuildServiceProvider();
}

internal sealed class ModuleThatBuildsAWebApplication
{
    public object Build() => WebApplication.CreateBuilder().Build();
}

internal sealed class HandlerThatLocatesServices(IServiceProvider services)
{
    public object Options => services.GetRequiredService<ChatBot.Teams.TeamsOptions>();
}

internal sealed class ModuleThatOnlyRegisters;

internal static class ModuleThatOnlyRegistersServiceCollectionExtensions
{
    public static IServiceCollection AddModule(this IServiceCollection services)
    {
        services.AddSingleton<ModuleThatOnlyRegisters>();
        services.AddSingleton<object>(sp => sp.GetRequiredService<ModuleThatOnlyRegisters>());
        return services;
    }
}
