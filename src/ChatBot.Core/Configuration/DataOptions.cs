using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Configuration;

/// <summary>Bound to <c>ChatBot:Data</c>.</summary>
public sealed class DataOptions
{
    public const string Section = "ChatBot:Data";

    /// <summary>Folder for the index and the store; relative paths resolve against the content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "data";
}
