namespace ChatBot.Core.Corpus;

/// <summary>
/// One paragraph, list item or heading line of a document, whitespace-collapsed but otherwise
/// verbatim. Sentences never span two blocks, so quotes stay contiguous in the source.
/// </summary>
/// <param name="IsHeading">Set by formats that know (markdown '#', HTML h1-h6); line-based formats infer it.</param>
public sealed record TextBlock(string Text, bool IsHeading = false);
