using System.Text.RegularExpressions;

namespace ChatBot.Teams.Rendering;

/// <summary>
/// Makes user-supplied text safe to echo in a markdown message: no link, autolink or HTML can
/// survive, so "summary [Sign in](https://…)" cannot make the bot show a phishing link in its own voice.
/// </summary>
public static partial class MarkdownText
{
    public static string Neutralize(string? text, int maxChars)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var clean = LinkLike().Replace(text, "(link removed)");
        var builder = new System.Text.StringBuilder(clean.Length);
        foreach (var c in clean)
        {
            builder.Append(c switch
            {
                '[' => '(',
                ']' => ')',
                '<' => '‹',
                '>' => '›',
                '`' => '\'',
                '\r' or '\n' or '\t' => ' ',
                _ when char.IsControl(c) => ' ',
                _ => c,
            });
        }
        var flat = builder.ToString().Trim();
        return flat.Length <= maxChars ? flat : flat[..Math.Max(0, maxChars - 1)].TrimEnd() + "…";
    }

    // Schemes with "//" (https://, ftp://), bare risky schemes (javascript:, mailto:, data:), and
    // anything a client would autolink as a host name (www.x, evil.example/login).
    [GeneratedRegex(@"(?i)\b[a-z][a-z0-9+.\-]*:(//|\\\\)\S*|\b(javascript|vbscript|data|mailto|tel|sip|file):\S*|\bwww\.\S+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/:?#]\S*)?")]
    private static partial Regex LinkLike();
}
