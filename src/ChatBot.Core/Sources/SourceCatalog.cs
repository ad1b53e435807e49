using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Sources;

/// <summary>The configured source list, read again on every use so an edited file takes effect without a restart.</summary>
public sealed class SourceCatalog(IOptions<SourceOptions> options, IHostEnvironment? environment = null)
{
    public string Path => System.IO.Path.GetFullPath(options.Value.Path, environment?.ContentRootPath ?? Directory.GetCurrentDirectory());

    /// <exception cref="InvalidDataException">The file is not a valid source list.</exception>
    public IReadOnlyList<SourceDefinition> Load() => SourceListFile.Load(Path);
}
