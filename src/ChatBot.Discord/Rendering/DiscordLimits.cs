namespace ChatBot.Discord.Rendering;

/// <summary>Discord's documented message and embed limits (characters unless stated).</summary>
public static class DiscordLimits
{
    public const int Content = 2000;
    public const int EmbedsPerMessage = 10;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int EmbedFields = 25;
    public const int EmbedFieldName = 256;
    public const int EmbedFieldValue = 1024;
    public const int EmbedFooter = 2048;

    /// <summary>All titles, descriptions, field names/values and footers of one message together.</summary>
    public const int EmbedsTotal = 6000;

    public const int ButtonsPerRow = 5;
    public const int ButtonLabel = 80;
    public const int CustomId = 100;
    public const int AutocompleteChoices = 25;
    public const int ChoiceName = 100;
    public const int ChoiceValue = 100;
    public const int ThreadName = 100;
}
