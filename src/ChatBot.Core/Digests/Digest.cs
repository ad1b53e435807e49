using System.Globalization;
using ChatBot.Core.Answers;

namespace ChatBot.Core.Digests;

/// <summary>
/// What is new in the corpus for one channel and period. <see cref="Body"/> carries the same
/// answer model as questions (text with [n] markers, citations), so every renderer can post it;
/// <see cref="Sections"/> keeps the structure for renderers that want native grouping.
/// </summary>
public sealed record Digest(
    DateTimeOffset Since,
    DateTimeOffset Until,
    IReadOnlyList<DigestSection> Sections,
    Answer Body)
{
    public bool IsEmpty => Sections.Count == 0;

    /// <summary>
    /// The post's title on every platform. A backfill starts at the beginning of time: it is
    /// headed by the day it reaches, never "from 0001-01-01".
    /// </summary>
    public string Heading => Since.Year < 1900
        ? string.Create(CultureInfo.InvariantCulture, $"What is new: the documents up to {Until:yyyy-MM-dd}")
        : string.Create(CultureInfo.InvariantCulture, $"What is new ({Since:yyyy-MM-dd} – {Until:yyyy-MM-dd})");
}
