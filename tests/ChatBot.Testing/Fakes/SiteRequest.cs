namespace ChatBot.Testing.Fakes;

/// <summary>One request the fake site received.</summary>
public sealed record SiteRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}
