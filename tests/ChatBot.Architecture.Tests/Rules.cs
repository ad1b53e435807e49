using NetArchTest.Rules;

namespace ChatBot.Architecture.Tests;

/// <summary>
/// The rules, each a function of the types it judges (see <see cref="Layers.TypesOf"/>), so the same rule runs on src/ (where it must
/// hold) and on <see cref="Violations"/> (where it must catch the deliberate breaks).
/// </summary>
internal static class Rules
{
    /// <summary>The engine knows no platform and no host.</summary>
    public static TestResult EngineKnowsNoPlatform(PredicateList types) =>
        types.Should().NotHaveDependencyOnAny(Layers.DiscordNamespace, Layers.TeamsNamespace, Layers.HostNamespace).GetResult();

    /// <summary>An adapter knows the engine, never the other adapter, the host or Lucene.</summary>
    public static TestResult AdapterStaysInItsLane(PredicateList types, string otherAdapter) =>
        types.Should().NotHaveDependencyOnAny(otherAdapter, Layers.HostNamespace, Layers.Lucene).GetResult();

    /// <summary>Lucene stays inside the engine's retrieval.</summary>
    public static TestResult NoLucene(PredicateList types) =>
        types.Should().NotHaveDependencyOn(Layers.Lucene).GetResult();

    /// <summary>Nothing composes the application (builders, a hand-built provider) but the host.</summary>
    public static TestResult ComposesNothing(PredicateList types) =>
        types.Should().NotHaveDependencyOnAny(Layers.CompositionTypes).GetResult();

    /// <summary>
    /// Types that resolve services from a provider at run time. Registration modules
    /// (<c>*ServiceCollectionExtensions</c>, and the closures inside them) are registrations, so
    /// their factories may resolve what they register.
    /// </summary>
    public static IReadOnlyList<string> ServiceLocators(PredicateList types) =>
        Layers.Offenders(types.And().DoNotHaveNameEndingWith("ServiceCollectionExtensions").Should().NotHaveDependencyOnAny(Layers.ServiceLocationTypes).GetResult())
            .Where(t => !t.EndsWith("ServiceCollectionExtensions", StringComparison.Ordinal))
            .ToList();
}
