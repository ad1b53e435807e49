using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

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

/// <summary>
/// Builds the Teams app package: <c>manifest.json</c> plus generated <c>color.png</c> (192×192)
/// and <c>outline.png</c> (32×32, transparent), zipped at the archive root for upload.
/// </summary>
public static class TeamsAppPackage
{
    public const string ManifestVersion = "1.19";
    public const string SchemaUrl = "https://developer.microsoft.com/json-schemas/teams/v1.19/MicrosoftTeams.schema.json";

    /// <summary>The command menu: title (as typed) and what it does. Teams allows 10 per list.</summary>
    public static readonly IReadOnlyList<(string Title, string Description)> Commands =
    [
        ("ask", "Ask a question; the answer cites its sources"),
        ("summary", "summary TOPIC: a cited overview of one topic"),
        ("topics", "List the topics I know"),
        ("digest now", "Post what is new in the documents"),
        ("digest subscribe", "Scheduled digests here: digest subscribe [cron]"),
        ("digest unsubscribe", "Stop scheduled digests here"),
        ("digest status", "Show this conversation's digest schedule and recent runs"),
        ("help", "What I can do"),
    ];

    /// <exception cref="ArgumentException">A setting would make Teams reject the package; the message says which.</exception>
    public static void Write(TeamsAppPackageSettings settings, Stream output)
    {
        var manifest = Manifest(settings);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Add(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true, Encoder = TeamsJson.Outbound.Encoder }));
        Add(zip, "color.png", AppIcons.Color());
        Add(zip, "outline.png", AppIcons.Outline());
    }

    public static JsonObject Manifest(TeamsAppPackageSettings settings)
    {
        Validate(settings);
        var commands = new JsonArray([.. Commands.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["description"] = c.Description })]);
        return new JsonObject
        {
            ["$schema"] = SchemaUrl,
            ["manifestVersion"] = ManifestVersion,
            ["version"] = settings.Version,
            ["id"] = settings.AppId,
            ["developer"] = new JsonObject
            {
                ["name"] = settings.DeveloperName,
                ["websiteUrl"] = settings.WebsiteUrl,
                ["privacyUrl"] = settings.PrivacyUrl,
                ["termsOfUseUrl"] = settings.TermsOfUseUrl,
            },
            ["name"] = new JsonObject { ["short"] = settings.ShortName, ["full"] = "ChatBot: the EU–Republic of Korea Digital Partnership" },
            ["description"] = new JsonObject
            {
                ["short"] = "Cited answers about the EU–Korea Digital Partnership",
                ["full"] = "Ask about the EU–Republic of Korea Digital Partnership and get short answers that cite the exact sentences they rest on, "
                    + "with links to the dated source documents. Get cited topic summaries and scheduled digests of what is new.",
            },
            ["icons"] = new JsonObject { ["color"] = "color.png", ["outline"] = "outline.png" },
            ["accentColor"] = AppIcons.AccentColor,
            ["bots"] = new JsonArray(new JsonObject
            {
                ["botId"] = settings.AppId,
                ["scopes"] = new JsonArray("personal", "team", "groupChat"),
                ["supportsFiles"] = false,
                ["isNotificationOnly"] = false,
                ["commandLists"] = new JsonArray(new JsonObject
                {
                    ["scopes"] = new JsonArray("personal", "team", "groupChat"),
                    ["commands"] = commands,
                }),
            }),
            ["permissions"] = new JsonArray("identity", "messageTeamMembers"),
            ["validDomains"] = new JsonArray([.. settings.Domains.Select(d => (JsonNode)JsonValue.Create(d)!)]),
        };
    }

    private static void Validate(TeamsAppPackageSettings settings)
    {
        if (!Guid.TryParse(settings.AppId, out _))
        {
            throw new ArgumentException("the app id must be the bot's Microsoft app id (a GUID); set Teams:AppId or pass --app-id");
        }
        foreach (var (name, url) in new[] { ("website", settings.WebsiteUrl), ("privacy", settings.PrivacyUrl), ("terms of use", settings.TermsOfUseUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                throw new ArgumentException($"the {name} URL must be an absolute https URL (got “{url}”)");
            }
        }
        foreach (var domain in settings.Domains)
        {
            if (domain.Contains("://", StringComparison.Ordinal) || domain.Contains('/') || Uri.CheckHostName(domain.Replace("*.", "", StringComparison.Ordinal)) == UriHostNameType.Unknown)
            {
                throw new ArgumentException($"“{domain}” is not a domain name (give a host such as bot.example.com, without https://)");
            }
        }
        if (settings.ShortName.Length > 30)
        {
            throw new ArgumentException("the short name must be at most 30 characters");
        }
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        stream.Write(content);
    }
}
