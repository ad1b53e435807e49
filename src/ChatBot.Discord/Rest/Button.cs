namespace ChatBot.Discord.Rest;

public sealed record Button(int Style, string Label, string? CustomId = null, string? Url = null)
{
    public const int Primary = 1;
    public const int Secondary = 2;
    public const int Success = 3;
    public const int Danger = 4;
    public const int Link = 5;

    public int Type => 2;
}
