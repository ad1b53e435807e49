using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Configuration;

/// <summary>Bound to <c>ChatBot:Corpus</c>.</summary>
public sealed class CorpusOptions
{
    public const string Section = "ChatBot:Corpus";

    /// <summary>Corpus folder; relative paths resolve against the content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "corpus";
}
