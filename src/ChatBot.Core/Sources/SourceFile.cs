namespace ChatBot.Core.Sources;

/// <summary>A stored document's file as the register knows it, for workers that did not fetch it themselves.</summary>
/// <param name="Version">Changes whenever the file's text does (the time it was last stored).</param>
/// <param name="HasText">False for files stored before the register kept their text.</param>
public sealed record SourceFile(string RelativePath, DateTimeOffset Version, bool HasText);
