namespace ChatBot.Core.Digests;

public sealed record DigestSection(string Topic, IReadOnlyList<DigestItem> Items);
