using System.Text.Json;

namespace ChatBot.Discord.Gateway;

/// <summary>Receives gateway dispatches (MESSAGE_CREATE, INTERACTION_CREATE, …) from every shard; must not block.</summary>
public interface IGatewayDispatchHandler
{
    void OnDispatch(string type, JsonElement data);
}
