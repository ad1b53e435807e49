namespace ChatBot.Discord.Gateway;

/// <summary>A gateway payload that does not follow the protocol: the connection is dropped and re-established.</summary>
public sealed class GatewayProtocolException(string message, Exception? inner = null) : Exception(message, inner);
