using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Knowledge;

/// <summary>Bound to <c>ChatBot:Index</c>.</summary>
public sealed class IndexOptions
{
    public const string Section = "ChatBot:Index";

    /// <summary>Synonym/acronym file; relative paths resolve against the application folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string SynonymsPath { get; set; } = Path.Combine("Data", "synonyms.txt");

    /// <summary>Target passage length in characters (passages end at block boundaries).</summary>
    [Range(100, 10_000)]
    public int PassageChars { get; set; } = 700;

    /// <summary>
    /// How often the worker looks for added, changed and removed corpus files after start-up, so
    /// digests see new documents without a restart. Zero turns it off. An unchanged corpus costs
    /// one read and hash per file.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Larger corpus files are skipped with a reason instead of being read whole into memory: a
    /// stray disk image or export in the corpus folder must not take the worker down.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;
}
