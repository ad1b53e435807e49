// Deliberate breaks of the architecture rules, for RuleSelfTests. Nothing here runs.
#pragma warning disable CA1822
namespace ChatBot.Architecture.Tests.Violations;

internal sealed class EngineThatRendersForDiscord
{
    public string Render() => nameof(ChatBot.Discord.DiscordServiceCollectionExtensions);

    public Type Renderer() => typeof(ChatBot.Discord.DiscordOptions);
}
