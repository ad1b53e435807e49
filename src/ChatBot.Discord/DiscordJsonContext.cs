using System.Text.Json;
using System.Text.Json.Serialization;
using ChatBot.Discord.Gateway;
using ChatBot.Discord.Rest;

namespace ChatBot.Discord;

/// <summary>
/// Source-generated JSON for the adapter's typed payloads: the same conventions as
/// <see cref="DiscordJson.Options"/> (snake_case, nulls omitted, absent and null alike), without reflection.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GatewayFrame))]
[JsonSerializable(typeof(HelloData))]
[JsonSerializable(typeof(ReadyData))]
[JsonSerializable(typeof(GatewayCommand<IdentifyData>), TypeInfoPropertyName = "IdentifyCommand")]
[JsonSerializable(typeof(GatewayCommand<ResumeData>), TypeInfoPropertyName = "ResumeCommand")]
[JsonSerializable(typeof(GatewayCommand<int?>), TypeInfoPropertyName = "HeartbeatCommand")]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(Interaction))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
