namespace ChatBot.Host.Hosting;

/// <summary>
/// Finds the repository root (the folder holding <c>appsettings.json</c> next to
/// <c>ChatBot.sln</c>) so the host reads the same configuration and relative paths whether it is
/// started from the root, from <c>src/ChatBot.Host</c>, or from its build output.
/// </summary>
public static class ContentRootLocator
{
    public static string Locate(string currentDirectory, string baseDirectory)
    {
        return FindUpwards(currentDirectory) ?? FindUpwards(baseDirectory) ?? currentDirectory;
    }

    private static string? FindUpwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "appsettings.json"))
                && File.Exists(Path.Combine(dir.FullName, "ChatBot.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
