using System.Collections.Concurrent;
using System.Text.Json;

namespace ChatBot.Discord.Gateway;

/// <summary>
/// Who the bot is: its user (from READY), to see mentions and ignore itself, and per server the
/// role Discord manages for it (from GUILD_CREATE and role events). People often mention that
/// role instead of the user, because Discord's autocomplete offers both under the bot's name.
/// </summary>
public sealed class DiscordBotIdentity
{
    private readonly ConcurrentDictionary<string, string> _managedRoleByGuild = new();

    public string? UserId { get; set; }

    public string? ManagedRoleIn(string? guildId) =>
        guildId is not null && _managedRoleByGuild.TryGetValue(guildId, out var role) ? role : null;

    /// <summary>Reads the guild's roles (GUILD_CREATE) for the one whose <c>tags.bot_id</c> is this bot.</summary>
    public void LearnGuild(JsonElement guild)
    {
        if (Text(guild, "id") is not { } guildId || !guild.TryGetProperty("roles", out var roles) || roles.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        foreach (var role in roles.EnumerateArray())
        {
            LearnRole(guildId, role);
        }
    }

    /// <summary>GUILD_ROLE_CREATE / GUILD_ROLE_UPDATE: <c>{guild_id, role}</c>.</summary>
    public void LearnRoleEvent(JsonElement data)
    {
        if (Text(data, "guild_id") is { } guildId && data.TryGetProperty("role", out var role))
        {
            LearnRole(guildId, role);
        }
    }

    /// <summary>GUILD_ROLE_DELETE: <c>{guild_id, role_id}</c>.</summary>
    public void ForgetRole(JsonElement data)
    {
        if (Text(data, "guild_id") is { } guildId && Text(data, "role_id") is { } roleId)
        {
            _managedRoleByGuild.TryRemove(new KeyValuePair<string, string>(guildId, roleId));
        }
    }

    /// <summary>GUILD_DELETE: the bot left (or the server is unavailable).</summary>
    public void ForgetGuild(JsonElement data)
    {
        if (Text(data, "id") is { } guildId)
        {
            _managedRoleByGuild.TryRemove(guildId, out _);
        }
    }

    private void LearnRole(string guildId, JsonElement role)
    {
        if (UserId is { } botId
            && role.ValueKind == JsonValueKind.Object
            && Text(role, "id") is { } roleId
            && role.TryGetProperty("tags", out var tags)
            && Text(tags, "bot_id") == botId)
        {
            _managedRoleByGuild[guildId] = roleId;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
