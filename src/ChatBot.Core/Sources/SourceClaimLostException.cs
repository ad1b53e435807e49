namespace ChatBot.Core.Sources;

/// <summary>
/// This worker's claim on a source's fetch is gone (it ran out, e.g. the worker was paused, and
/// another worker may be fetching): the store took nothing more from this fetch.
/// </summary>
public sealed class SourceClaimLostException(string message) : Exception(message);
