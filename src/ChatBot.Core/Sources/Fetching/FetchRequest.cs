namespace ChatBot.Core.Sources.Fetching;

/// <param name="ETag">Validator from the last full response, sent as If-None-Match.</param>
/// <param name="LastModified">Sent as If-Modified-Since.</param>
public sealed record FetchRequest(Uri Url, string? ETag = null, string? LastModified = null, bool CheckRobots = true);
