namespace ChatBot.Core.Sources.Fetching;

/// <summary>What kind of body a response carries, from its media type or, failing that, its first bytes.</summary>
public enum BodyKind
{
    Html,
    Xml,
    Json,
    Pdf,
    Text,
}
