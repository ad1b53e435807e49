namespace ChatBot.Core.Sources.Fetching;

/// <summary>Thrown by the connector when a host resolves only to addresses the policy refuses; never retried.</summary>
public sealed class AddressRefusedException(string reason) : Exception(reason);
