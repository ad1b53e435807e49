namespace ChatBot.Teams.Packaging;

/// <summary>What goes into the manifest besides the fixed bot description.</summary>
/// <param name="AppId">The bot's Microsoft app id (a GUID); also the manifest id.</param>
/// <param name="Domains">Host names the app may link to, without scheme (e.g. where the bot runs).</param>
/// <param name="WebsiteUrl">Developer website; https.</param>
public sealed record TeamsAppPackageSettings(
    string AppId,
    IReadOnlyList<string> Domains,
    string WebsiteUrl,
    string PrivacyUrl,
    string TermsOfUseUrl,
    string Version = "1.0.0",
    string ShortName = "ChatBot",
    string DeveloperName = "ChatBot maintainers");
