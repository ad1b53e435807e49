using NetArchTest.Rules;

namespace ChatBot.Architecture.Tests;

/// <summary>
/// The nevers of the README's layout, checked on the built assemblies: Core (the engine) knows no
/// platform; an adapter knows the engine but not the other adapter, the host or Lucene; only the
/// host composes the application.
/// </summary>
public class ArchitectureTests
{
    [Fact]
    public void Core_references_neither_adapter_nor_the_host()
    {
        var result = Rules.EngineKnowsNoPlatform(Layers.TypesOf(Layers.Core));

        Assert.True(result.IsSuccessful, Because(result));
        Assert.DoesNotContain(Layers.Core.GetReferencedAssemblies(), a => a.Name is "ChatBot.Discord" or "ChatBot.Teams" or "ChatBot.Host");
    }

    [Fact]
    public void Discord_references_neither_Teams_nor_the_host_nor_Lucene()
    {
        var result = Rules.AdapterStaysInItsLane(Layers.TypesOf(Layers.Discord), Layers.TeamsNamespace);

        Assert.True(result.IsSuccessful, Because(result));
        Assert.DoesNotContain(Layers.Discord.GetReferencedAssemblies(), a => a.Name is "ChatBot.Teams" or "ChatBot.Host" || a.Name!.StartsWith("Lucene", StringComparison.Ordinal));
    }

    [Fact]
    public void Teams_references_neither_Discord_nor_the_host_nor_Lucene()
    {
        var result = Rules.AdapterStaysInItsLane(Layers.TypesOf(Layers.Teams), Layers.DiscordNamespace);

        Assert.True(result.IsSuccessful, Because(result));
        Assert.DoesNotContain(Layers.Teams.GetReferencedAssemblies(), a => a.Name is "ChatBot.Discord" or "ChatBot.Host" || a.Name!.StartsWith("Lucene", StringComparison.Ordinal));
    }

    [Fact]
    public void The_host_reaches_retrieval_through_the_engine_not_Lucene()
    {
        var result = Rules.NoLucene(Layers.TypesOf(Layers.Host));

        Assert.True(result.IsSuccessful, Because(result));
    }

    [Fact]
    public void Only_the_host_composes_the_application()
    {
        foreach (var assembly in new[] { Layers.Core, Layers.Discord, Layers.Teams })
        {
            var result = Rules.ComposesNothing(Layers.TypesOf(assembly));

            Assert.True(result.IsSuccessful, $"{assembly.GetName().Name}: {Because(result)}");
        }
    }

    [Fact]
    public void The_host_is_where_the_application_is_composed()
    {
        // The rule above is only worth something if the names it forbids are the ones the host uses.
        Assert.False(Rules.ComposesNothing(Layers.TypesOf(Layers.Host)).IsSuccessful);
    }

    /// <summary>Issue #12, item 2: services come through the constructor, never from a provider.</summary>
    [Fact]
    public void No_type_outside_the_host_fetches_services_from_a_provider()
    {
        var locators = new[] { Layers.Core, Layers.Discord, Layers.Teams }
            .SelectMany(a => Rules.ServiceLocators(Layers.TypesOf(a)))
            .ToList();

        Assert.True(locators.Count == 0, "take these services in the constructor instead: " + string.Join(", ", locators));
    }

    private static string Because(TestResult result) =>
        result.IsSuccessful ? "" : "these types break the rule: " + string.Join(", ", Layers.Offenders(result));
}
