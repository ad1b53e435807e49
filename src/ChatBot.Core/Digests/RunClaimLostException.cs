namespace ChatBot.Core.Digests;

/// <summary>This worker's claim on a digest run is gone: another worker owns the run now.</summary>
public sealed class RunClaimLostException(string message) : Exception(message);
