namespace ChatBot.Core.Configuration;

/// <summary>
/// Absolute locations the engine works with, resolved once from configuration against the
/// content root, so every component agrees on where the corpus and the data folder are.
/// </summary>
/// <param name="CorpusPath">Folder of source documents.</param>
/// <param name="DataPath">Folder for the index and the SQLite store (created when missing).</param>
public sealed record ChatBotPaths(string CorpusPath, string DataPath)
{
    public string IndexPath => Path.Combine(DataPath, "index");

    /// <summary>Documents fetched from public sources (markdown with front matter), indexed with the corpus.</summary>
    public string SourcesPath => Path.Combine(DataPath, "sources");
}
