using System.Buffers;
using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatBot.Core.Semantic;

/// <summary>
/// Copies a packaged model's ONNX resource to a file of its own (<c>&lt;folder&gt;/&lt;model&gt;.onnx</c>)
/// so ONNX Runtime can load it from a path. Reading the resource through the loaded assembly
/// would make every page of it resident (about 90 MB of mapped file on top of the runtime's own
/// copy of the weights); here it is read from the package's file with plain reads, once.
/// </summary>
/// <remarks>
/// The file is written under a temporary name and renamed into place, then its manifest, so a
/// crash never leaves a file that passes as complete. Before each use the file is checked against
/// its manifest (same package build, length and SHA-256); anything else is extracted again, so a
/// package upgrade or a damaged file heals itself.
/// </remarks>
public sealed class ModelFileExtractor(ILogger? logger = null)
{
    private const int CopyBuffer = 1 << 17;

    // Older temporaries are left by an extraction that was killed; a live one is rewritten far faster.
    private static readonly TimeSpan StaleTemporary = TimeSpan.FromMinutes(10);

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>Where <paramref name="model"/>'s file goes in <paramref name="folder"/>.</summary>
    public static string PathIn(string folder, PackagedModel model) => Path.Combine(folder, model.Id + ".onnx");

    private static string ManifestOf(string modelPath) => modelPath + ".json";

    /// <summary>The path of a verified copy of the model, extracting it first when needed.</summary>
    public string Extract(PackagedModel model, string folder, CancellationToken cancellationToken)
    {
        var path = PathIn(folder, model);
        var problem = Verify(model, path, cancellationToken);
        if (problem is null)
        {
            return path;
        }
        if (File.Exists(path))
        {
            _logger.LogWarning("The extracted model {Path} is not usable ({Problem}); extracting it again", path, problem);
        }
        Write(model, path, cancellationToken);
        return path;
    }

    /// <summary>Null when the file at <paramref name="path"/> is the package's model, else why not.</summary>
    public static string? Verify(PackagedModel model, string path, CancellationToken cancellationToken)
    {
        var manifestPath = ManifestOf(path);
        if (!File.Exists(path) || !File.Exists(manifestPath))
        {
            return "missing";
        }
        ExtractedModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ExtractedModelManifest>(File.ReadAllBytes(manifestPath));
        }
        catch (JsonException)
        {
            return "unreadable manifest";
        }
        if (manifest is null || manifest.PackageBuild != model.PackageBuild || manifest.Resource != model.ModelResource)
        {
            return "from another package build";
        }
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        if (file.Length != manifest.Length)
        {
            return $"{file.Length} bytes instead of {manifest.Length}";
        }
        cancellationToken.ThrowIfCancellationRequested();
        return Convert.ToHexString(SHA256.HashData(file)) == manifest.Sha256 ? null : "content differs from its SHA-256";
    }

    private void Write(PackagedModel model, string path, CancellationToken cancellationToken)
    {
        var source = model.Package.Location;
        if (string.IsNullOrEmpty(source))
        {
            throw new IOException($"{model.Package.GetName().Name} was not loaded from a file, so its model cannot be read from one");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        RemoveStaleTemporaries(path);
        var suffix = "." + Guid.NewGuid().ToString("N") + ".tmp";
        var temporary = path + suffix;
        var manifestTemporary = ManifestOf(path) + suffix;
        try
        {
            using (var package = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan))
            {
                var (offset, length) = LocateResource(package, model.ModelResource);
                string sha256;
                using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
                {
                    sha256 = Copy(package, offset, length, target, cancellationToken);
                    target.Flush(flushToDisk: true);
                }
                var manifest = new ExtractedModelManifest(model.Package.GetName().FullName, model.PackageBuild, model.ModelResource, length, sha256);
                File.WriteAllBytes(manifestTemporary, JsonSerializer.SerializeToUtf8Bytes(manifest));
            }
            // The model first: a manifest never describes a file that is not yet in place. Another
            // process extracting at the same time writes the same bytes, so whichever rename lands last is fine.
            File.Move(temporary, path, overwrite: true);
            File.Move(manifestTemporary, ManifestOf(path), overwrite: true);
            _logger.LogInformation("Extracted the {Model} model from {Package} to {Path}", model.Id, Path.GetFileName(source), path);
        }
        finally
        {
            TryDelete(temporary);
            TryDelete(manifestTemporary);
        }
    }

    /// <summary>Where a manifest resource's bytes start in the assembly file, and how many there are.</summary>
    private static (long Offset, long Length) LocateResource(FileStream package, string name)
    {
        using var pe = new PEReader(package, PEStreamOptions.LeaveOpen);
        var metadata = pe.GetMetadataReader();
        var directory = pe.PEHeaders.CorHeader?.ResourcesDirectory
            ?? throw new InvalidDataException($"{package.Name} is not a .NET assembly");
        if (!pe.PEHeaders.TryGetDirectoryOffset(directory, out var start))
        {
            throw new InvalidDataException($"{package.Name} has no resources section");
        }
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || !metadata.StringComparer.Equals(resource.Name, name))
            {
                continue;
            }
            // Each embedded resource is a little-endian int32 length followed by the bytes.
            Span<byte> prefix = stackalloc byte[sizeof(int)];
            var at = start + resource.Offset;
            if (resource.Offset + sizeof(int) > directory.Size || RandomAccess.Read(package.SafeFileHandle, prefix, at) != prefix.Length)
            {
                throw new InvalidDataException($"the resource {name} lies outside {package.Name}'s resources");
            }
            var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
            if (resource.Offset + sizeof(int) + length > directory.Size)
            {
                throw new InvalidDataException($"the resource {name} runs past {package.Name}'s resources");
            }
            return (at + sizeof(int), length);
        }
        throw new InvalidDataException($"{package.Name} has no embedded resource {name}");
    }

    private static string Copy(FileStream source, long offset, long length, FileStream target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBuffer);
        try
        {
            for (long done = 0; done < length;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = RandomAccess.Read(source.SafeFileHandle, buffer.AsSpan(0, (int)Math.Min(CopyBuffer, length - done)), offset + done);
                if (read == 0)
                {
                    throw new EndOfStreamException($"{source.Name} ended inside its model resource");
                }
                hash.AppendData(buffer, 0, read);
                target.Write(buffer, 0, read);
                done += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static void RemoveStaleTemporaries(string path)
    {
        var folder = new DirectoryInfo(Path.GetDirectoryName(path)!);
        foreach (var file in folder.EnumerateFiles(Path.GetFileName(path) + "*.tmp"))
        {
            if (DateTime.UtcNow - file.LastWriteTimeUtc > StaleTemporary)
            {
                TryDelete(file.FullName);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
