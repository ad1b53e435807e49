using System.Text.Json.Serialization;

namespace ChatBot.Discord.Gateway;

/// <summary>A payload the bot sends: <c>{op, d}</c>.</summary>
internal sealed record GatewayCommand<T>(GatewayOpcode Op, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] T D);
