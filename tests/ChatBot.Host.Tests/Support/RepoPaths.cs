using ChatBot.Host.Hosting;

namespace ChatBot.Host.Tests.Support;

public static class RepoPaths
{
    /// <summary>The repository root (holds ChatBot.sln and appsettings.json).</summary>
    public static string Root { get; } = ContentRootLocator.Locate(AppContext.BaseDirectory, AppContext.BaseDirectory);

    /// <summary>The repository's own corpus, which the worker indexes in end-to-end tests.</summary>
    public static string Corpus { get; } = Path.Combine(Root, "corpus");
}
