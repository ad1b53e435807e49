using System.Reflection;
using ChatBot.Core.Knowledge;
using ChatBot.Discord;
using ChatBot.Host.Hosting;
using ChatBot.Teams;
using NetArchTest.Rules;

namespace ChatBot.Architecture.Tests;

/// <summary>The assemblies of src/ and the names the rules forbid them.</summary>
internal static class Layers
{
    public static Assembly Core { get; } = typeof(KnowledgeBase).Assembly;

    public static Assembly Discord { get; } = typeof(DiscordServiceCollectionExtensions).Assembly;

    public static Assembly Teams { get; } = typeof(TeamsServiceCollectionExtensions).Assembly;

    public static Assembly Host { get; } = typeof(ChatBotHostFactory).Assembly;

    public static IReadOnlyList<Assembly> All { get; } = [Core, Discord, Teams, Host];

    public const string DiscordNamespace = "ChatBot.Discord";

    public const string TeamsNamespace = "ChatBot.Teams";

    public const string HostNamespace = "ChatBot.Host";

    public const string Lucene = "Lucene.Net";

    /// <summary>
    /// What composing the application takes: a host or web-application builder, or a service
    /// provider built by hand. Whoever uses these decides which services exist; only the host may.
    /// Registration modules (<c>AddKnowledgeEngine</c>, <c>AddDiscordAdapter</c>, ...) say what a
    /// part needs, but do not build anything; the host decides which of them to call.
    /// </summary>
    public static readonly string[] CompositionTypes =
    [
        "Microsoft.Extensions.Hosting.Host",
        "Microsoft.Extensions.Hosting.HostBuilder",
        "Microsoft.Extensions.Hosting.IHostBuilder",
        "Microsoft.Extensions.Hosting.HostApplicationBuilder",
        "Microsoft.Extensions.Hosting.IHostApplicationBuilder",
        "Microsoft.AspNetCore.Builder.WebApplication",
        "Microsoft.AspNetCore.Builder.WebApplicationBuilder",
        "Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions",
        "Microsoft.Extensions.DependencyInjection.DefaultServiceProviderFactory",
    ];

    /// <summary>Resolving a service at run time from a provider instead of receiving it in the constructor.</summary>
    public static readonly string[] ServiceLocationTypes =
    [
        "Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions",
        "Microsoft.Extensions.DependencyInjection.ActivatorUtilities",
    ];

    /// <summary>Every type of an assembly, compiler-generated ones and the global namespace included.</summary>
    public static PredicateList TypesOf(Assembly assembly) => Types.InAssembly(assembly).That().HaveNameMatching(".*");

    /// <summary>The type a compiler-generated closure or state machine belongs to (its outermost declaring type).</summary>
    public static string OwnerOf(string fullName)
    {
        var nested = fullName.IndexOfAny(['/', '+']);
        return nested < 0 ? fullName : fullName[..nested];
    }

    /// <summary>The names of the types that broke a rule, one per owner, for a readable failure.</summary>
    public static IReadOnlyList<string> Offenders(TestResult result) =>
        result.IsSuccessful ? [] : result.FailingTypeNames.Select(OwnerOf).Distinct().Order(StringComparer.Ordinal).ToList();
}
