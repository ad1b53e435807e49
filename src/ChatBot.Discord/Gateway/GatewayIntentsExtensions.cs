namespace ChatBot.Discord.Gateway;

internal static class GatewayIntentsExtensions
{
    extension(GatewayIntents)
    {
        /// <summary>The bot's intents; Message Content only when enabled (it is privileged and must be switched on in the portal).</summary>
        public static GatewayIntents For(bool messageContent) =>
            messageContent ? GatewayIntents.ChatBot : GatewayIntents.ChatBot & ~GatewayIntents.MessageContent;
    }
}
