namespace ChatBot.Testing;

/// <summary>The repository the tests run from (the folder holding ChatBot.sln), found by walking up from the test output.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The repository's own corpus; tests never read anything outside the repository.</summary>
    public static string Corpus => Path.Combine(Root, "corpus");

    /// <summary>The synonyms file ChatBot.Core copies next to every assembly that references it.</summary>
    public static string SynonymsFile => Path.Combine(AppContext.BaseDirectory, "Data", "synonyms.txt");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatBot.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ChatBot.sln not found above " + AppContext.BaseDirectory);
    }
}
