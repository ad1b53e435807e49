using System.Collections.Concurrent;
using System.Net.Sockets;

namespace ChatBot.Testing;

/// <summary>One request the fake site received.</summary>
public sealed record SiteRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}
