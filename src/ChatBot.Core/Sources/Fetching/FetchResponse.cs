namespace ChatBot.Core.Sources.Fetching;

/// <param name="FinalUrl">The URL after redirects.</param>
/// <param name="NotModified">True for a 304: <see cref="Body"/> is empty and the stored copy stands.</param>
public sealed record FetchResponse(Uri FinalUrl, bool NotModified, byte[] Body, BodyKind Kind, string? MediaType, string? Charset, string? ETag, string? LastModified);
