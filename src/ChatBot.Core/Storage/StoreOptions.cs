using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Storage;

/// <summary>Bound to <c>ChatBot:Store</c>.</summary>
public sealed class StoreOptions
{
    public const string Section = "ChatBot:Store";

    /// <summary>SQLite file; relative paths resolve against the data folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "chatbot.db";
}
