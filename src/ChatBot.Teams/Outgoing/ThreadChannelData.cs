namespace ChatBot.Teams.Outgoing;

/// <summary>Where a new channel thread goes: the channel and the tenant.</summary>
public sealed record ThreadChannelData(IdOnly Channel, IdOnly? Tenant);
