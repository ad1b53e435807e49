using ChatBot.Architecture.Tests.Violations;
using NetArchTest.Rules;

namespace ChatBot.Architecture.Tests;

/// <summary>
/// Each rule run on types that break it on purpose (<see cref="Violations"/>): a rule whose
/// forbidden name is misspelt, or that no longer sees through closures and async methods, would
/// pass on src/ for the wrong reason, and fails here.
/// </summary>
public class RuleSelfTests
{
    private static PredicateList Only<T>() => Only(typeof(T));

    private static PredicateList Only(Type type) => Types.InAssembly(type.Assembly).That().HaveNameStartingWith(type.Name);

    [Fact]
    public void An_engine_type_that_uses_an_adapter_is_caught()
    {
        var result = Rules.EngineKnowsNoPlatform(Only<EngineThatRendersForDiscord>());

        Assert.Contains(typeof(EngineThatRendersForDiscord).FullName, Layers.Offenders(result));
    }

    [Fact]
    public void An_adapter_type_that_uses_the_other_adapter_is_caught()
    {
        var result = Rules.AdapterStaysInItsLane(Only<AdapterThatCallsTeams>(), Layers.TeamsNamespace);

        Assert.Contains(typeof(AdapterThatCallsTeams).FullName, Layers.Offenders(result));
    }

    [Fact]
    public void Lucene_inside_an_async_method_is_caught()
    {
        var result = Rules.NoLucene(Only<AdapterThatQueriesLucene>());

        Assert.Contains(typeof(AdapterThatQueriesLucene).FullName, Layers.Offenders(result));
        Assert.False(Rules.AdapterStaysInItsLane(Only<AdapterThatQueriesLucene>(), Layers.TeamsNamespace).IsSuccessful);
    }

    [Theory]
    [InlineData(typeof(ModuleThatBuildsAHost))]
    [InlineData(typeof(ModuleThatBuildsAProvider))]
    [InlineData(typeof(ModuleThatBuildsAWebApplication))]
    public void Composing_the_application_outside_the_host_is_caught(Type type)
    {
        var result = Rules.ComposesNothing(Only(type));

        Assert.Contains(type.FullName, Layers.Offenders(result));
    }

    [Fact]
    public void Registering_services_is_not_composing_them()
    {
        Assert.True(Rules.ComposesNothing(Only<ModuleThatOnlyRegisters>()).IsSuccessful);
    }

    [Fact]
    public void Fetching_a_service_from_a_provider_is_caught_but_a_registration_factory_is_not()
    {
        var locators = Rules.ServiceLocators(Types.InAssembly(typeof(HandlerThatLocatesServices).Assembly).That().ResideInNamespace(typeof(HandlerThatLocatesServices).Namespace!));

        Assert.Contains(typeof(HandlerThatLocatesServices).FullName, locators);
        Assert.DoesNotContain(locators, t => t.Contains(nameof(ModuleThatOnlyRegisters) + "ServiceCollectionExtensions", StringComparison.Ordinal));
    }
}
