namespace ChatBot.Core.Sources;

public enum SourceKind
{
    /// <summary>RSS, Atom or JSON Feed: each item's page is fetched and stored.</summary>
    Feed,

    /// <summary>One page, fetched again each time; a changed page replaces its earlier version.</summary>
    Page,
}
