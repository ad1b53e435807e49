namespace ChatBot.Core.Sources.Extraction;

public sealed record ParsedFeed(string? Title, string? Language, IReadOnlyList<FeedItem> Items);
