using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using ChatBot.Host.Cli;
using ChatBot.Teams.Packaging;
using ChatBot.Teams.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Teams.Tests;

public sealed class PackageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chatbot-teams-package", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<(int Exit, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ChatBotCli.RunAsync(args, new CliContext(output, error, new StringReader(""), RepositoryPaths.Root));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Cli_writes_a_package_with_manifest_and_icons_of_the_required_sizes()
    {
        var zipPath = Path.Combine(_folder, "teams.zip");
        var (exit, output, error) = await RunCliAsync("teams-package", "--out", zipPath, "--app-id", TestKey.AppId, "--domain", "bot.example.com");
        Assert.True(exit == 0, error);
        Assert.Contains("teams.zip", output);

        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());

        var manifest = JsonNode.Parse(Read(zip, "manifest.json"))!;
        Assert.Equal(TestKey.AppId, manifest["id"]!.GetValue<string>());
        Assert.Equal(TeamsAppPackage.ManifestVersion, manifest["manifestVersion"]!.GetValue<string>());
        Assert.Contains(TeamsAppPackage.ManifestVersion, manifest["$schema"]!.GetValue<string>());
        var bot = manifest["bots"]![0]!;
        Assert.Equal(TestKey.AppId, bot["botId"]!.GetValue<string>());
        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        var commands = bot["commandLists"]![0]!["commands"]!.AsArray();
        Assert.InRange(commands.Count, 1, 10);
        Assert.Contains(commands, c => c!["title"]!.GetValue<string>() == "summary");
        Assert.Contains(commands, c => c!["title"]!.GetValue<string>() == "digest subscribe");
        Assert.All(commands, c =>
        {
            Assert.InRange(c!["title"]!.GetValue<string>().Length, 1, 32);
            Assert.InRange(c["description"]!.GetValue<string>().Length, 1, 128);
        });
        Assert.Equal(["bot.example.com"], manifest["validDomains"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.StartsWith("https://", manifest["developer"]!["privacyUrl"]!.GetValue<string>());

        var color = DecodePng(ReadBytes(zip, "color.png"));
        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.All(Alphas(color), a => Assert.Equal((byte)255, a)); // full colour: opaque

        var outline = DecodePng(ReadBytes(zip, "outline.png"));
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        Assert.Contains((byte)0, Alphas(outline)); // transparent background
        for (var i = 0; i < outline.Pixels.Length; i += 4)
        {
            if (outline.Pixels[i + 3] != 0)
            {
                Assert.Equal(new byte[] { 255, 255, 255 }, outline.Pixels[i..(i + 3)]); // outline icons are white
            }
        }
    }

    [Fact]
    public async Task Cli_refuses_without_an_app_id()
    {
        var (exit, _, error) = await RunCliAsync("teams-package", "--out", Path.Combine(_folder, "x.zip"), "--app-id", "", "--domain", "bot.example.com");
        Assert.NotEqual(0, exit);
        Assert.Contains("app id", error);
        Assert.False(File.Exists(Path.Combine(_folder, "x.zip")));
    }

    [Theory]
    [InlineData("not-a-guid", "bot.example.com", "GUID")]
    [InlineData(TestKey.AppId, "https://bot.example.com/api", "not a domain name")]
    public void Invalid_settings_are_explained(string appId, string domain, string expected)
    {
        var settings = new TeamsAppPackageSettings(appId, [domain], "https://bot.example.com/", "https://bot.example.com/privacy", "https://bot.example.com/terms");
        var error = Assert.Throws<ArgumentException>(() => TeamsAppPackage.Manifest(settings));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("7b1e8a523c554d8a9a8e3f4a2b6c9d01")]
    [InlineData("{7b1e8a52-3c55-4d8a-9a8e-3f4a2b6c9d01}")]
    [InlineData("(7b1e8a52-3c55-4d8a-9a8e-3f4a2b6c9d01)")]
    [InlineData("0x7b1e8a52,0x3c55,0x4d8a,{0x9a,0x8e,0x3f,0x4a,0x2b,0x6c,0x9d,0x01}")]
    [InlineData(" 7b1e8a52-3c55-4d8a-9a8e-3f4a2b6c9d01")]
    public void App_id_must_be_a_dashed_guid(string appId)
    {
        var settings = new TeamsAppPackageSettings(appId, ["bot.example.com"], "https://bot.example.com/", "https://bot.example.com/privacy", "https://bot.example.com/terms");
        var error = Assert.Throws<ArgumentException>(() => TeamsAppPackage.Manifest(settings));
        Assert.Contains("dashed GUID", error.Message);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1")]
    [InlineData("v1.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("latest")]
    public void Version_must_be_semver(string version)
    {
        var settings = new TeamsAppPackageSettings(TestKey.AppId, ["bot.example.com"], "https://bot.example.com/", "https://bot.example.com/privacy", "https://bot.example.com/terms", version);
        var error = Assert.Throws<ArgumentException>(() => TeamsAppPackage.Manifest(settings));
        Assert.Contains("semantic", error.Message);
    }

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("2.10.3-beta.1")]
    [InlineData("1.0.0+build.7")]
    public void Semver_versions_are_accepted(string version)
    {
        var settings = new TeamsAppPackageSettings(TestKey.AppId, ["bot.example.com"], "https://bot.example.com/", "https://bot.example.com/privacy", "https://bot.example.com/terms", version);
        Assert.Equal(version, TeamsAppPackage.Manifest(settings)["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cli_refuses_a_non_semver_version_and_writes_nothing()
    {
        var zipPath = Path.Combine(_folder, "v.zip");
        var (exit, _, error) = await RunCliAsync("teams-package", "--out", zipPath, "--app-id", TestKey.AppId, "--domain", "bot.example.com", "--app-version", "1.0");
        Assert.Equal(2, exit);
        Assert.Contains("semantic", error);
        Assert.False(File.Exists(zipPath));
    }

    [Fact]
    public void Manifest_asks_for_no_permission_it_does_not_use()
    {
        var settings = new TeamsAppPackageSettings(TestKey.AppId, ["bot.example.com"], "https://bot.example.com/", "https://bot.example.com/privacy", "https://bot.example.com/terms");
        var manifest = TeamsAppPackage.Manifest(settings);
        Assert.Null(manifest["permissions"]);
        var json = manifest.ToJsonString();
        Assert.DoesNotContain("identity", json);
        Assert.DoesNotContain("messageTeamMembers", json);
        // The only one it asks for: reading team members' roles, for the owner check on channel digests.
        var rsc = Assert.Single(manifest["authorization"]!["permissions"]!["resourceSpecific"]!.AsArray());
        Assert.Equal("TeamMember.Read.Group", rsc!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    private static string Read(ZipArchive zip, string name) => Encoding.UTF8.GetString(ReadBytes(zip, name));

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static IEnumerable<byte> Alphas((int Width, int Height, byte[] Pixels) png) => png.Pixels.Where((_, i) => i % 4 == 3);

    /// <summary>Decodes the subset our encoder writes, checking signature, chunk CRCs and sizes on the way.</summary>
    private static (int Width, int Height, byte[] Pixels) DecodePng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        var at = 8;
        var sawEnd = false;
        while (at < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(Crc32.Compute(png.AsSpan(at + 4, 4), data), crc);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal(8, data[8]);
                    Assert.Equal(6, data[9]);
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
            }
            at += 12 + length;
        }
        Assert.True(sawEnd);

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }
        var raw = inflated.ToArray();
        Assert.Equal(height * (1 + width * 4), raw.Length);
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, raw[y * (1 + width * 4)]);
            Array.Copy(raw, y * (1 + width * 4) + 1, pixels, y * width * 4, width * 4);
        }
        return (width, height, pixels);
    }
}
