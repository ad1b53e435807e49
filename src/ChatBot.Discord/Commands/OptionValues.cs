using ChatBot.Discord.Rest;

namespace ChatBot.Discord.Commands;

/// <summary>The values an interaction carries for a command's options.</summary>
public sealed class OptionValues(IReadOnlyList<CommandOptionValue> options)
{
    public string? Text(string name) => options.FirstOrDefault(o => o.Name == name)?.StringValue;
}
