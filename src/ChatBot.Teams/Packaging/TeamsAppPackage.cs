using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using ChatBot.Teams.Commands;

namespace ChatBot.Teams.Packaging;

/// <summary>
/// Builds the Teams app package: <c>manifest.json</c> plus generated <c>color.png</c> (192×192)
/// and <c>outline.png</c> (32×32, transparent), zipped at the archive root for upload.
/// </summary>
public static partial class TeamsAppPackage
{
    public const string ManifestVersion = "1.19";
    public const string SchemaUrl = "https://developer.microsoft.com/json-schemas/teams/v1.19/MicrosoftTeams.schema.json";

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
        var commands = new JsonArray([.. TeamsCommands.All.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["description"] = c.Description })]);
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
            // No "identity"/"messageTeamMembers": the bot neither signs users in nor messages members unprompted.
            ["validDomains"] = new JsonArray([.. settings.Domains.Select(d => (JsonNode)JsonValue.Create(d)!)]),
            // Ownership checks for channel digest commands: Graph's team members, consented per team.
            ["webApplicationInfo"] = new JsonObject { ["id"] = settings.AppId, ["resource"] = $"api://botid-{settings.AppId}" },
            ["authorization"] = new JsonObject
            {
                ["permissions"] = new JsonObject
                {
                    ["resourceSpecific"] = new JsonArray(new JsonObject { ["name"] = "TeamMember.Read.Group", ["type"] = "Application" }),
                },
            },
        };
    }

    private static void Validate(TeamsAppPackageSettings settings)
    {
        // Teams accepts only the dashed form (8-4-4-4-12); braces, parentheses or 32 bare digits are refused on upload.
        if (settings.AppId.Length != 36 || !Guid.TryParseExact(settings.AppId, "D", out _))
        {
            throw new ArgumentException($"the app id must be the bot's Microsoft app id as a dashed GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got “{settings.AppId}”; set Teams:AppId or pass --app-id");
        }
        if (!SemVer().IsMatch(settings.Version))
        {
            throw new ArgumentException($"the version must be semantic (MAJOR.MINOR.PATCH, e.g. 1.0.0), got “{settings.Version}”");
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

    // semver.org 2.0.0: no leading zeros, optional pre-release and build metadata.
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$")]
    private static partial Regex SemVer();

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        stream.Write(content);
    }
}
