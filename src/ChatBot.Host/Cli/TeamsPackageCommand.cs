using System.CommandLine;
using ChatBot.Teams.Packaging;

namespace ChatBot.Host.Cli;

/// <summary>
/// <c>teams-package --out FILE.zip</c>: the Teams app package (manifest and generated icons) for
/// upload in Teams or the Developer Portal. Bot id from <c>Teams:AppId</c>; the public host from
/// <c>--domain</c> or <c>Teams:Package:Domains</c>.
/// </summary>
public static class TeamsPackageCommand
{
    public static Command Create(CliContext cli)
    {
        var output = new Option<string>("--out") { Description = "Where to write the package (.zip).", Required = true };
        var appId = new Option<string?>("--app-id") { Description = "Bot app id (overrides Teams:AppId)." };
        var domains = new Option<string[]>("--domain")
        {
            Description = "Public host name of the bot (e.g. bot.example.com); repeatable. Overrides Teams:Package:Domains.",
            AllowMultipleArgumentsPerToken = true,
        };
        var appVersion = new Option<string>("--app-version") { Description = "Package version (semver).", DefaultValueFactory = _ => "1.0.0" };
        var command = new Command("teams-package", "Write the Teams app package (manifest and icons).") { output, appId, domains, appVersion };

        command.SetAction(parseResult =>
        {
            using var host = cli.CreateHost(parseResult);
            var configuration = (IConfiguration)host.Services.GetService(typeof(IConfiguration))!;
            var teams = configuration.GetSection("Teams");
            var package = teams.GetSection("Package");

            var id = parseResult.GetValue(appId) is { Length: > 0 } given ? given : teams["AppId"];
            if (string.IsNullOrWhiteSpace(id))
            {
                cli.Error.WriteLine("teams-package: no bot app id; set Teams:AppId (e.g. environment variable Teams__AppId) or pass --app-id");
                return 2;
            }

            var hosts = parseResult.GetValue(domains) is { Length: > 0 } d
                ? d
                : package.GetSection("Domains").Get<string[]>() ?? [];
            var site = package["WebsiteUrl"] ?? (hosts.Length > 0 ? $"https://{hosts[0]}/" : null);
            if (site is null)
            {
                cli.Error.WriteLine("teams-package: give the bot's public host with --domain (or Teams:Package:Domains / Teams:Package:WebsiteUrl)");
                return 2;
            }
            var settings = new TeamsAppPackageSettings(
                id.Trim(),
                hosts,
                site,
                package["PrivacyUrl"] ?? site.TrimEnd('/') + "/privacy",
                package["TermsOfUseUrl"] ?? site.TrimEnd('/') + "/terms",
                parseResult.GetValue(appVersion) ?? "1.0.0");

            var path = CliContext.ResolvePath(parseResult.GetValue(output)!);
            try
            {
                // Built in memory first: a setting Teams would reject leaves no half-written file behind.
                using var zip = new MemoryStream();
                TeamsAppPackage.Write(settings, zip);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, zip.ToArray());
            }
            catch (ArgumentException ex)
            {
                cli.Error.WriteLine($"teams-package: {ex.Message}");
                return 2;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                cli.Error.WriteLine($"teams-package: cannot write {path}: {ex.Message}");
                return 2;
            }

            cli.Output.WriteLine($"Wrote {path}: manifest {TeamsAppPackage.ManifestVersion} for bot {settings.AppId}, "
                + $"valid domains [{string.Join(", ", settings.Domains)}], icons color.png 192×192 and outline.png 32×32.");
            cli.Output.WriteLine("Upload it in Teams (Apps > Manage your apps > Upload an app) or in the Teams Developer Portal.");
            return 0;
        });
        return command;
    }
}
