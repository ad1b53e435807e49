namespace ChatBot.Core.Coordination;

/// <summary>Who holds a named lease, and until when (by the holder's clock when it last renewed).</summary>
public sealed record LeaseHolder(string Name, string Holder, DateTimeOffset Until);
